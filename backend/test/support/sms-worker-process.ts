/**
 * A separate process that works only the `sms.send` jobs, with the real Twilio adapter: the
 * crash test kills it with SIGKILL in the middle of a send. Configured by the environment:
 * DATABASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL.
 */
import { createLocalEmbedder } from '../../src/modules/knowledge/embedders/local-embedder';
import { createTwilioSmsSender } from '../../src/modules/messaging/twilio-sms-sender';
import { createTokenService } from '../../src/platform/auth/tokens';
import { createDb } from '../../src/platform/db';
import { systemClock } from '../../src/platform/jobs/job-types';
import { createJobWorker } from '../../src/platform/jobs/job-worker';
import { createLogger } from '../../src/platform/logger';
import { createServices } from '../../src/services';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const logger = createLogger({ level: 'error', silent: true });
const db = createDb({ url: env('DATABASE_URL'), logger, maxConnections: 2 });
const services = createServices({
  db,
  tokens: createTokenService({ secret: 'sms-worker-process-secret-of-32-characters' }),
  embedder: createLocalEmbedder(),
  clock: systemClock,
  logger,
  smsSender: createTwilioSmsSender({ accountSid: env('TWILIO_ACCOUNT_SID'), authToken: env('TWILIO_AUTH_TOKEN'), apiBaseUrl: env('TWILIO_API_BASE_URL') }),
});
createJobWorker({
  queue: services.jobQueue,
  handlers: { 'sms.send': services.jobHandlers['sms.send'] },
  concurrency: 1,
  pollIntervalMs: 50,
  leaseMs: 30_000,
  logger,
}).start();
process.stdout.write('ready\n');
