import * as Sentry from '@sentry/node';
import { maskPhoneNumbers } from './logger';

/** Where unexpected errors go besides the log: Sentry when SENTRY_DSN is set, nowhere otherwise. */
export type ErrorReporter = {
  capture(error: unknown, context?: Record<string, unknown>): void;
  flush(timeoutMs: number): Promise<void>;
};

export const noopErrorReporter: ErrorReporter = {
  capture: () => undefined,
  flush: async () => undefined,
};

export function createSentryReporter(options: { dsn: string; environment: string; release?: string }): ErrorReporter {
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      genAI: { inputs: false, outputs: false },
    },
    tracesSampleRate: 0,
    // Request bodies and headers can hold patient data and secrets; errors carry our own context only.
    beforeSend(event) {
      if (event.request) {
        delete event.request.data;
        delete event.request.cookies;
        delete event.request.headers;
        delete event.request.query_string;
      }
      for (const exception of event.exception?.values ?? []) {
        if (exception.value) exception.value = maskPhoneNumbers(exception.value);
      }
      if (event.message) event.message = maskPhoneNumbers(event.message);
      return event;
    },
  });
  return {
    capture(error, context) {
      Sentry.captureException(error, context ? { extra: context } : undefined);
    },
    async flush(timeoutMs) {
      await Sentry.flush(timeoutMs);
    },
  };
}
