import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/app';
import { createTokenService } from '../../src/platform/auth/tokens';
import type { Db } from '../../src/platform/db';
import { noopErrorReporter } from '../../src/platform/error-reporter';
import { createMetrics } from '../../src/platform/metrics';
import { silentLogger } from './test-db';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-at-least-32-characters';

/** The real app on the test database, with local adapters; override any dependency. */
export function createTestApp(db: Db, overrides: Partial<AppDeps> = {}): { app: Express; deps: AppDeps } {
  const deps: AppDeps = {
    config: { corsOrigins: ['http://localhost:3000'], trustProxyHops: 0, metricsToken: undefined },
    db,
    logger: silentLogger(),
    metrics: createMetrics(),
    reporter: noopErrorReporter,
    tokens: createTokenService({ secret: TEST_JWT_SECRET }),
    readinessChecks: [{ name: 'database', check: () => db.ping() }],
    ...overrides,
  };
  return { app: createApp(deps), deps };
}
