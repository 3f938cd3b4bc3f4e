import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * All Prometheus metrics of one backend instance, on a registry of its own (no prom-client
 * global), so tests and several apps in one process never collide.
 */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'voxanne_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'voxanne_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'voxanne_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'voxanne_webhooks_total',
      help: 'Webhook deliveries by provider, type and result',
      labelNames: ['provider', 'type', 'result'] as const,
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: 'voxanne_ws_connections',
      help: 'Open dashboard WebSocket connections',
      registers: [registry],
    }),
    wsTerminations: new Counter({
      name: 'voxanne_ws_terminated_total',
      help: 'Dashboard WebSockets cut by the server, by reason (slow_consumer, heartbeat)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    fanoutLag: new Histogram({
      name: 'voxanne_event_fanout_lag_seconds',
      help: 'Time from an event being published to its delivery to a socket',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'voxanne_jobs_processed_total',
      help: 'Job attempts by kind and result (succeeded, retried, dead, lease_lost)',
      labelNames: ['kind', 'result'] as const,
      registers: [registry],
    }),
  };
}

type PoolStats = { totalCount: number; idleCount: number; waitingCount: number };

/** `voxanne_db_pool_connections{state}`: the pg pool of this instance, read at scrape time. */
export function registerDbPoolGauge(metrics: Metrics, pool: PoolStats): void {
  new Gauge({
    name: 'voxanne_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting clients)',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
