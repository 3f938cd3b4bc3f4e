import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger';
import { JOB_STATUSES, type JobStats } from './job-types';

/**
 * `voxanne_jobs{status}`: jobs in the table by status, read from Postgres when Prometheus
 * scrapes, so every instance reports the same shared queue (aggregate with max, not sum).
 */
export function registerJobStatusGauge(options: {
  registry: Registry;
  queue: { stats(): Promise<JobStats> };
  logger: Logger;
}): Gauge<'status'> {
  const { registry, queue, logger } = options;
  return new Gauge({
    name: 'voxanne_jobs',
    help: 'Jobs in the durable queue by status (read at scrape time)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      try {
        const { byStatus } = await queue.stats();
        for (const status of JOB_STATUSES) this.set({ status }, byStatus[status]);
      } catch (error) {
        // Report no series rather than stale counts that look current.
        this.reset();
        logger.warn('could not read job stats for metrics', { error });
      }
    },
  });
}
