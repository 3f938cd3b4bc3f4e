import type { JobQueue } from '../../platform/jobs/job-queue';
import type { Clock } from '../../platform/jobs/job-types';
import type { JobCatalog } from '../../services';

/** Lost status callbacks are looked for every ten minutes. */
export const RECONCILE_INTERVAL_MS = 10 * 60_000;

/**
 * Makes sure the next reconciliation run is queued: every instance calls it at boot and each
 * run calls it when done; the per-slot unique key keeps one job per interval.
 */
export async function scheduleNextReconcile(queue: Pick<JobQueue<JobCatalog>, 'enqueue'>, clock: Clock): Promise<void> {
  const next = new Date((Math.floor(clock.now().getTime() / RECONCILE_INTERVAL_MS) + 1) * RECONCILE_INTERVAL_MS);
  const slot = next.toISOString();
  await queue.enqueue('sms.reconcile', { slot }, { uniqueKey: `sms.reconcile:${slot}`, runAt: next });
}
