import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { Logger } from '../logger';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The official SDK client as every adapter builds it. Every option is explicit so the SDK does
 * not fall back to OPENAI_* environment variables (configuration is read in one place,
 * config.ts). The SDK retries 408/409/429/5xx and connection failures itself, honouring
 * retry-after(-ms) and backing off exponentially.
 */
export function createOpenAiClient(options: {
  apiKey: string;
  baseUrl: string | undefined;
  maxRetries: number;
  timeoutMs: number;
  logger: Logger;
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    organization: null,
    project: null,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    logger: options.logger,
    logLevel: 'warn',
  });
}

export type OpenAiFailure = {
  /** Short and safe to show: the HTTP status, `timeout`, `unreachable` or `unexpected error`. */
  reason: string;
  /** The provider's message with the API key — and any quoted `sk-…` fragment — scrubbed. */
  providerMessage: string;
  errorName: string;
  status?: number;
  code?: string | null;
  type?: string;
  requestId?: string | null;
};

/**
 * What a failed SDK call may be reported as. OpenAI answers a wrong key with "Incorrect API key
 * provided: sk-***abcd", so even the masked tail is scrubbed before anything is logged.
 */
export function describeOpenAiFailure(error: unknown, apiKey: string): OpenAiFailure {
  const scrub = (text: string) => text.split(apiKey).join('[redacted]').replace(/\bsk-[\w*.-]*/g, '[redacted]');
  if (!(error instanceof APIError)) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return { reason: 'unexpected error', providerMessage: scrub(message), errorName: name };
  }
  const reason = error instanceof APIConnectionTimeoutError ? 'timeout' : error.status === undefined ? 'unreachable' : String(error.status);
  return {
    reason,
    providerMessage: scrub(error.message),
    errorName: error.name,
    status: error.status,
    code: error.code,
    type: error.type,
    requestId: error.requestID,
  };
}
