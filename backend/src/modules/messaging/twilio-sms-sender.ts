import twilio from 'twilio';
import { OPTED_OUT_ERROR_CODE, SmsSendError, type OutboundSms, type ProviderMessage, type SmsSender } from './sms-sender';

export type TwilioSmsConfig = {
  accountSid: string;
  authToken: string;
  /** Another host for Twilio's REST API (tests point it at a local fake). */
  apiBaseUrl?: string | undefined;
  /** Per request; a send that times out is looked up before the next attempt. */
  timeoutMs?: number;
};

// A Twilio number may have been released or the body refused; anything else in 4xx is ours to fix too.
const RETRYABLE_HTTP_STATUSES = new Set([408, 409, 429]);
// Lookups compare the newest messages between the same two numbers.
const LOOKUP_PAGE_SIZE = 20;

function toProviderMessage(message: { sid: string; status: string; errorCode: number | null }): ProviderMessage {
  return { sid: message.sid, status: message.status, errorCode: message.errorCode === null || message.errorCode === undefined ? null : String(message.errorCode) };
}

function classify(error: unknown): SmsSendError {
  if (error instanceof twilio.RestException) {
    const code = error.code === undefined ? null : String(error.code);
    const isRetryable = error.status >= 500 || RETRYABLE_HTTP_STATUSES.has(error.status);
    return new SmsSendError(`Twilio refused the message (HTTP ${error.status}${code ? `, error ${code}` : ''})`, {
      code,
      isPermanent: !isRetryable || code === OPTED_OUT_ERROR_CODE,
      isNotSent: true,
      cause: error,
    });
  }
  // No answer (connection refused or reset, timeout): Twilio may or may not have the message.
  const reason = error instanceof Error ? error.message : String(error);
  return new SmsSendError(`Twilio did not answer: ${reason}`, { code: null, isPermanent: false, isNotSent: false, cause: error });
}

/** Outbound SMS through the official `twilio` client (Messages API), without its own retries: the outbox retries. */
export function createTwilioSmsSender(config: TwilioSmsConfig): SmsSender {
  const client = twilio(config.accountSid, config.authToken, { autoRetry: false, timeout: config.timeoutMs ?? 10_000 });
  if (config.apiBaseUrl) client.api.baseUrl = config.apiBaseUrl;

  return {
    name: 'twilio',

    async send(message: OutboundSms): Promise<ProviderMessage> {
      try {
        const created = await client.messages.create({
          to: message.to,
          from: message.from,
          body: message.body,
          ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
        });
        return toProviderMessage(created);
      } catch (error) {
        throw classify(error);
      }
    },

    async findSent(message: OutboundSms, since: Date): Promise<ProviderMessage | undefined> {
      try {
        const page = await client.messages.page({ to: message.to, from: message.from, pageSize: LOOKUP_PAGE_SIZE });
        const match = page.instances.find(
          (candidate) => candidate.body === message.body && (candidate.dateCreated?.getTime() ?? 0) >= since.getTime() - 60_000,
        );
        return match ? toProviderMessage(match) : undefined;
      } catch (error) {
        throw classify(error);
      }
    },

    async fetch(sid: string): Promise<ProviderMessage | undefined> {
      try {
        return toProviderMessage(await client.messages(sid).fetch());
      } catch (error) {
        if (error instanceof twilio.RestException && error.status === 404) return undefined;
        throw classify(error);
      }
    },
  };
}
