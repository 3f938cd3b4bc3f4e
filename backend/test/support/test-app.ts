import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/app';
import { createTokenService, type TokenService } from '../../src/platform/auth/tokens';
import { createInProcessBus, type EventBus } from '../../src/platform/bus';
import { createInProcessCache } from '../../src/platform/cache';
import type { Db } from '../../src/platform/db';
import { noopErrorReporter } from '../../src/platform/error-reporter';
import { createInProcessClinicEventStream, type ClinicEventStream } from '../../src/platform/events/clinic-event-stream';
import { createEventPublisher } from '../../src/platform/events/domain-events';
import { systemClock, type Clock } from '../../src/platform/jobs/job-types';
import { createMetrics } from '../../src/platform/metrics';
import type { Embedder } from '../../src/modules/knowledge/embedders/embedder';
import { createLocalEmbedder } from '../../src/modules/knowledge/embedders/local-embedder';
import { createRealtimeTicketService } from '../../src/modules/realtime/realtime.tickets';
import type { SmsSender } from '../../src/modules/messaging/sms-sender';
import type { AssistantSync } from '../../src/modules/vapi/vapi-sync';
import { createServices, type Services } from '../../src/services';
import { silentLogger } from './test-db';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-at-least-32-characters';
export const TEST_VAPI_SECRET = 'test-vapi-secret';
export const TEST_TWILIO_TOKEN = 'test-twilio-auth-token';
/** The backend's public URL in tests: Twilio signatures are computed against it. */
export const TEST_PUBLIC_BASE_URL = 'https://voxanne.test';

/**
 * `bus`: where domain events go (a fresh in-process bus by default); subscribe to it to observe them.
 * `stream`: the clinic event stream events are appended to (the realtime hub's source); by default
 * an in-process stream fanning out on `bus`.
 */
export type TestServiceOptions = {
  tokens?: TokenService;
  embedder?: Embedder;
  clock?: Clock;
  bus?: EventBus;
  stream?: ClinicEventStream;
  /** Vapi assistant sync (e.g. the real adapter on the fake Vapi server); disabled by default. */
  assistantSync?: AssistantSync;
  vapi?: { publicBaseUrl: string; webhookSecret: string };
  /** Outbound SMS (e.g. the Twilio adapter on the fake Twilio API); the local outbox by default. */
  smsSender?: SmsSender;
};

export function createTestServices(db: Db, options: TestServiceOptions = {}): Services {
  const clock = options.clock ?? systemClock;
  const logger = silentLogger();
  return createServices({
    db,
    tokens: options.tokens ?? createTokenService({ secret: TEST_JWT_SECRET }),
    embedder: options.embedder ?? createLocalEmbedder(),
    clock,
    logger,
    events: createEventPublisher({
      stream: options.stream ?? createInProcessClinicEventStream({ bus: options.bus ?? createInProcessBus(), now: () => clock.now().getTime() }),
      clock,
      logger,
    }),
    ...(options.assistantSync ? { assistantSync: options.assistantSync } : {}),
    ...(options.vapi ? { vapi: options.vapi } : {}),
    ...(options.smsSender ? { smsSender: options.smsSender } : {}),
  });
}

/** The real app on the test database, with local adapters; override any dependency. */
export function createTestApp(
  db: Db,
  overrides: Partial<AppDeps> = {},
  serviceOptions: TestServiceOptions = {},
): { app: Express; deps: AppDeps } {
  const deps: AppDeps = {
    config: {
      corsOrigins: ['http://localhost:3000'],
      trustProxyHops: 0,
      metricsToken: undefined,
      publicBaseUrl: TEST_PUBLIC_BASE_URL,
      vapi: { webhookSecret: TEST_VAPI_SECRET },
      twilio: { authToken: TEST_TWILIO_TOKEN },
    },
    db,
    logger: silentLogger(),
    metrics: createMetrics(),
    reporter: noopErrorReporter,
    services: createTestServices(db, serviceOptions),
    readinessChecks: [{ name: 'database', check: () => db.ping() }],
    realtimeTickets: createRealtimeTicketService({ cache: createInProcessCache() }),
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
