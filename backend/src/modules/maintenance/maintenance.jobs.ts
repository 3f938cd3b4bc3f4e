import { z } from 'zod';
import type { Queryable } from '../../platform/db';
import { defineJobCatalog } from '../../platform/jobs/job-catalog';
import type { Clock } from '../../platform/jobs/job-types';
import type { JobContext } from '../../platform/jobs/job-worker';

/** How long finished jobs stay visible for inspection before the daily purge removes them. */
export const SUCCEEDED_JOB_RETENTION_DAYS = 7;
export const DEAD_JOB_RETENTION_DAYS = 30;
/**
 * Provider deliveries (raw payloads with transcripts and phone numbers) are needed only to
 * recognise retries, which come within minutes; a month leaves room to investigate.
 */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;
const PURGE_HOUR_UTC = 3;

export const maintenanceJobs = defineJobCatalog({
  'maintenance.purge': {
    schema: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
    maxAttempts: 5,
    backoff: { baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
  },
});

/** The next purge run after `now`: 03:00 UTC, when clinics are quiet in Europe. */
export function nextPurgeRun(now: Date): { day: string; runAt: Date } {
  const runAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), PURGE_HOUR_UTC));
  if (runAt <= now) runAt.setUTCDate(runAt.getUTCDate() + 1);
  return { day: runAt.toISOString().slice(0, 10), runAt };
}

export async function purgeFinishedJobs(db: Queryable, now: Date): Promise<{ succeeded: number; dead: number }> {
  const dayMs = 86_400_000;
  const succeeded = await db.query(
    `DELETE FROM jobs WHERE status = 'succeeded' AND finished_at < $1`,
    [new Date(now.getTime() - SUCCEEDED_JOB_RETENTION_DAYS * dayMs)],
  );
  const dead = await db.query(`DELETE FROM jobs WHERE status = 'dead' AND finished_at < $1`, [
    new Date(now.getTime() - DEAD_JOB_RETENTION_DAYS * dayMs),
  ]);
  return { succeeded: succeeded.rowCount ?? 0, dead: dead.rowCount ?? 0 };
}

export async function purgeWebhookEvents(db: Queryable, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM webhook_events WHERE received_at < $1', [new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 86_400_000)]);
  return result.rowCount ?? 0;
}

type PurgeQueue = {
  enqueue(
    kind: 'maintenance.purge',
    payload: { day: string },
    options: { uniqueKey: string; runAt: Date },
  ): Promise<{ id: string; created: boolean }>;
};

/**
 * Makes sure the next daily purge is queued. Every instance calls it at boot and the purge
 * calls it when done; the per-day unique key keeps exactly one job per day.
 */
export async function scheduleNextPurge(queue: PurgeQueue, clock: Clock): Promise<void> {
  const { day, runAt } = nextPurgeRun(clock.now());
  await queue.enqueue('maintenance.purge', { day }, { uniqueKey: `maintenance.purge:${day}`, runAt });
}

/** The maintenance module's job handlers, for the worker built in main.ts. */
export function createMaintenanceJobHandlers(deps: { db: Queryable; queue: PurgeQueue; clock: Clock }) {
  return {
    'maintenance.purge': async (_payload: { day: string }, context: JobContext) => {
      const removed = await purgeFinishedJobs(deps.db, deps.clock.now());
      const webhookEvents = await purgeWebhookEvents(deps.db, deps.clock.now());
      context.logger.info('finished jobs and old webhook deliveries purged', { ...removed, webhookEvents });
      await scheduleNextPurge(deps.queue, deps.clock);
    },
  };
}
