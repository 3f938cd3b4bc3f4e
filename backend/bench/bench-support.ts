/** Helpers shared by the benchmarks of `npm run bench`. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createApp } from '../src/app';
import { createTokenService } from '../src/platform/auth/tokens';
import { createInProcessBus } from '../src/platform/bus';
import { createInProcessCache } from '../src/platform/cache';
import type { Db } from '../src/platform/db';
import { noopErrorReporter } from '../src/platform/error-reporter';
import { createInProcessClinicEventStream } from '../src/platform/events/clinic-event-stream';
import { createEventPublisher } from '../src/platform/events/domain-events';
import { systemClock } from '../src/platform/jobs/job-types';
import type { Logger } from '../src/platform/logger';
import { createMetrics } from '../src/platform/metrics';
import { createLocalEmbedder } from '../src/modules/knowledge/embedders/local-embedder';
import { createRealtimeTicketService } from '../src/modules/realtime/realtime.tickets';
import { createServices, type Services } from '../src/services';

export type ListeningServer = { url: string; close: () => Promise<void> };

/** Serves an app on a free loopback port. */
export async function listen(app: express.Express): Promise<ListeningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The real backend app on a benchmark database: local adapters, in-process bus and cache. */
export function createBenchBackend(db: Db, logger: Logger, secrets: { vapiSecret: string; twilioToken: string; publicBaseUrl: string }): { app: express.Express; services: Services } {
  const clock = systemClock;
  const services = createServices({
    db,
    tokens: createTokenService({ secret: 'bench-jwt-secret-that-is-long-enough-123' }),
    embedder: createLocalEmbedder(),
    clock,
    logger,
    events: createEventPublisher({ stream: createInProcessClinicEventStream({ bus: createInProcessBus() }), clock, logger }),
    vapi: { publicBaseUrl: secrets.publicBaseUrl, webhookSecret: secrets.vapiSecret },
  });
  const app = createApp({
    config: {
      corsOrigins: [],
      trustProxyHops: 0,
      metricsToken: undefined,
      publicBaseUrl: secrets.publicBaseUrl,
      vapi: { webhookSecret: secrets.vapiSecret },
      twilio: { authToken: secrets.twilioToken },
    },
    db,
    logger,
    metrics: createMetrics(),
    reporter: noopErrorReporter,
    services,
    readinessChecks: [],
    realtimeTickets: createRealtimeTicketService({ cache: createInProcessCache() }),
  });
  return { app, services };
}

/** Deterministic pseudo-random numbers so every run measures the same data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The `p`th percentile (0–100) of ascending timings. */
export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? Number.NaN;
}

export type Latency = { p50: number; p95: number; p99: number };

/** One line of a latency table: a baseline without ratio and budget, a case with both. */
export function latencyLine(name: string, result: Latency, against?: { baselineP99: number; budgetP99Ms: number }): string {
  const times = `p50 ${result.p50.toFixed(2).padStart(6)}  p95 ${result.p95.toFixed(2).padStart(6)}  p99 ${result.p99.toFixed(2).padStart(6)}`;
  if (!against) return `  ${name.padEnd(36)} ${times}\n`;
  const ratio = (result.p99 / against.baselineP99).toFixed(1).padStart(5);
  return `  ${name.padEnd(36)} ${times}  ×${ratio}  budget p99 < ${against.budgetP99Ms} ${result.p99 < against.budgetP99Ms ? 'met' : 'MISSED'}\n`;
}
