import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/app';
import { createTokenService, type TokenService } from '../../src/platform/auth/tokens';
import { createInProcessBus, type EventBus } from '../../src/platform/bus';
import type { Db } from '../../src/platform/db';
import { noopErrorReporter } from '../../src/platform/error-reporter';
import { createEventPublisher } from '../../src/platform/events/domain-events';
import { systemClock, type Clock } from '../../src/platform/jobs/job-types';
import { createMetrics } from '../../src/platform/metrics';
import type { Embedder } from '../../src/modules/knowledge/embedders/embedder';
import { createLocalEmbedder } from '../../src/modules/knowledge/embedders/local-embedder';
import { createServices, type Services } from '../../src/services';
import { silentLogger } from './test-db';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-at-least-32-characters';

/** `bus`: where domain events go (a fresh in-process bus by default); subscribe to it to observe them. */
export type TestServiceOptions = { tokens?: TokenService; embedder?: Embedder; clock?: Clock; bus?: EventBus };

export function createTestServices(db: Db, options: TestServiceOptions = {}): Services {
  const clock = options.clock ?? systemClock;
  const logger = silentLogger();
  return createServices({
    db,
    tokens: options.tokens ?? createTokenService({ secret: TEST_JWT_SECRET }),
    embedder: options.embedder ?? createLocalEmbedder(),
    clock,
    logger,
    events: createEventPublisher({ bus: options.bus ?? createInProcessBus(), clock, logger }),
  });
}

/** The real app on the test database, with local adapters; override any dependency. */
export function createTestApp(
  db: Db,
  overrides: Partial<AppDeps> = {},
  serviceOptions: TestServiceOptions = {},
): { app: Express; deps: AppDeps } {
  const deps: AppDeps = {
    config: { corsOrigins: ['http://localhost:3000'], trustProxyHops: 0, metricsToken: undefined },
    db,
    logger: silentLogger(),
    metrics: createMetrics(),
    reporter: noopErrorReporter,
    services: createTestServices(db, serviceOptions),
    readinessChecks: [{ name: 'database', check: () => db.ping() }],
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
