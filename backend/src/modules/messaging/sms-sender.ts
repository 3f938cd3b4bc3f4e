import { randomBytes } from 'node:crypto';

export type OutboundSms = { to: string; from: string; body: string; statusCallback?: string };
export type ProviderMessage = { sid: string; status: string; errorCode: string | null };

/**
 * Why a send failed, as the outbox must act on it:
 * - `permanent`: retrying cannot help (21610 opted out, 21211 invalid number, other 4xx).
 * - `isNotSent`: the provider answered, so it certainly did not accept the message; a network
 *   error or timeout leaves that unknown, and the next attempt looks the message up first.
 */
export class SmsSendError extends Error {
  readonly code: string | null;
  readonly isPermanent: boolean;
  readonly isNotSent: boolean;
  constructor(message: string, details: { code: string | null; isPermanent: boolean; isNotSent: boolean; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'SmsSendError';
    this.code = details.code;
    this.isPermanent = details.isPermanent;
    this.isNotSent = details.isNotSent;
  }
}

/** Twilio error codes after which the recipient must not be texted again until they opt back in. */
export const OPTED_OUT_ERROR_CODE = '21610';

/** The SMS port: Twilio in production, the local outbox (the `messages` table) by default. */
export type SmsSender = {
  readonly name: string;
  /** Hands one message to the provider; throws SmsSendError. */
  send(message: OutboundSms): Promise<ProviderMessage>;
  /**
   * A message with this sender, recipient and body the provider accepted since `since`: how an
   * attempt that may have sent before a crash finds out, instead of sending a second time.
   */
  findSent(message: OutboundSms, since: Date): Promise<ProviderMessage | undefined>;
  /** The provider's current view of a message; undefined when the provider keeps no state (local outbox). */
  fetch(sid: string): Promise<ProviderMessage | undefined>;
};

/**
 * Development default: nothing leaves the machine. The message row is the outbox — the dashboard
 * shows it — and it gets a local SID shaped like Twilio's so the rest of the pipeline is the same.
 * Nothing was sent anywhere, so nothing can be found or fetched.
 */
export function createLocalOutboxSender(): SmsSender {
  return {
    name: 'local-outbox',
    // Shaped like Twilio's: SM and 32 characters, so every SID check treats both alike.
    send: async () => ({ sid: `SMlocal${randomBytes(14).toString('hex').slice(0, 27)}`, status: 'sent', errorCode: null }),
    findSent: async () => undefined,
    fetch: async () => undefined,
  };
}
