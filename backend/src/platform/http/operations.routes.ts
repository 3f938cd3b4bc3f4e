import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { errorBody } from '../errors';
import type { Metrics } from '../metrics';

/** A dependency /ready must reach: the database always, Redis when configured. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

const READINESS_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createOperationsRoutes(deps: {
  metrics: Metrics;
  readinessChecks: ReadinessCheck[];
  metricsToken: string | undefined;
  isShuttingDown: () => boolean;
}): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const checks: Record<string, string> = {};
    const results = await Promise.allSettled(
      deps.readinessChecks.map((item) => withTimeout(item.check(), READINESS_TIMEOUT_MS)),
    );
    results.forEach((result, index) => {
      const name = deps.readinessChecks[index]?.name ?? `check${index}`;
      checks[name] = result.status === 'fulfilled' ? 'ok' : 'down';
      if (result.status === 'rejected') req.log.warn('readiness check failed', { check: name, error: result.reason });
    });
    if (deps.isShuttingDown()) checks.server = 'shutting down';
    const down = Object.entries(checks).filter(([, state]) => state !== 'ok').map(([name]) => name);
    if (down.length === 0) {
      res.json({ status: 'ok', checks });
    } else {
      res.status(503).json({ status: 'unavailable', down, checks });
    }
  });

  router.get('/metrics', async (req, res) => {
    if (deps.metricsToken) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      if (!match?.[1] || !isSameSecret(match[1], deps.metricsToken)) {
        res.status(401).json(errorBody('UNAUTHORIZED', 'Metrics need the bearer token from METRICS_TOKEN'));
        return;
      }
    }
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  return router;
}
