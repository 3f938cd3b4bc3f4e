import type { Logger } from '../logger';
import type { JobCatalog } from './job-catalog';
import type { JobQueue } from './job-queue';
import { createJobWorker, type JobHandlers } from './job-worker';

/**
 * Runs due jobs in this process until none is left: for command-line tools (eval, bench,
 * seed) and tests that need queued work done now rather than by the background worker.
 */
export async function drainJobs<Catalog extends JobCatalog>(options: {
  queue: JobQueue<Catalog>;
  handlers: JobHandlers<Catalog>;
  logger: Logger;
  concurrency?: number;
}): Promise<number> {
  const worker = createJobWorker({
    queue: options.queue,
    handlers: options.handlers,
    concurrency: options.concurrency ?? 2,
    pollIntervalMs: 60_000,
    leaseMs: 60_000,
    logger: options.logger,
  });
  let total = 0;
  for (;;) {
    const ran = await worker.runOnce();
    if (ran === 0) return total;
    total += ran;
  }
}
