import { randomBytes } from 'node:crypto';

/** The SMS port: Twilio in production, the local outbox (the `messages` table) by default. */
export type SmsSender = {
  readonly name: string;
  send(message: { to: string; from: string; body: string }): Promise<{ sid: string }>;
};

/**
 * Development default: nothing leaves the machine. The message row is the outbox — the dashboard
 * shows it — and it gets a local SID shaped like Twilio's so the rest of the pipeline is the same.
 */
export function createLocalOutboxSender(): SmsSender {
  return {
    name: 'local-outbox',
    send: async () => ({ sid: `SMlocal${randomBytes(13).toString('hex')}` }),
  };
}
