import type { Db, Queryable } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../http/validate';
import type { Logger } from '../logger';
import {
  computeRetryDelayMs,
  fullJitter,
  type Jitter,
  type JobCatalog,
  type JobKind,
  type JobPayloadInput,
} from './job-catalog';
import { DeferJobError, describeJobFailure, PermanentJobError } from './job-failure';
import {
  systemClock,
  type ClaimedJob,
  type Clock,
  type EnqueueOptions,
  type EnqueueResult,
  type JobFailureOutcome,
  type JobStats,
  type JobStatus,
} from './job-types';

export type JobQueue<Catalog extends JobCatalog> = ReturnType<typeof createJobQueue<Catalog>>;

export type JobQueueOptions<Catalog extends JobCatalog> = {
  db: Db;
  catalog: Catalog;
  clock?: Clock;
  jitter?: Jitter;
  /** Lease of a claim when the claimer does not say; the worker renews it while a handler runs. */
  defaultLeaseMs?: number;
  logger: Logger;
};

const DEFAULT_LEASE_MS = 30_000;
const JOB_ID_PATTERN = /^\d{1,18}$/;
const LOST_FINAL_ATTEMPT_ERROR = 'lease expired during the final attempt (worker lost)';

type ClaimedRow = {
  id: string;
  kind: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  clinic_id: string | null;
  locked_until: Date;
};

// One statement, so claiming is atomic on its own and never holds a transaction open across
// awaits (the embedded database serialises every connection behind an open transaction).
// SKIP LOCKED lets concurrent claimers pass over each other's rows instead of queueing on them.
// An expired lease whose holder already used the last attempt is buried instead of re-run:
// otherwise a job that crashes its worker would be retried forever.
const CLAIM_SQL = `
  WITH candidates AS (
    SELECT id, (status = 'running' AND attempts >= max_attempts) AS is_exhausted
    FROM jobs
    WHERE kind = ANY($1::text[])
      AND ((status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_until < $2))
    ORDER BY run_at, id
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  )
  UPDATE jobs SET
    status       = CASE WHEN c.is_exhausted THEN 'dead' ELSE 'running' END,
    attempts     = CASE WHEN c.is_exhausted THEN jobs.attempts ELSE jobs.attempts + 1 END,
    locked_by    = CASE WHEN c.is_exhausted THEN NULL ELSE $4::text END,
    locked_until = CASE WHEN c.is_exhausted THEN NULL ELSE $5::timestamptz END,
    last_error   = CASE WHEN c.is_exhausted THEN $6::text ELSE jobs.last_error END,
    finished_at  = CASE WHEN c.is_exhausted THEN $2::timestamptz ELSE NULL END,
    updated_at   = $2
  FROM candidates c
  WHERE jobs.id = c.id
  RETURNING jobs.id, jobs.kind, jobs.payload, jobs.status, jobs.attempts, jobs.max_attempts,
            jobs.clinic_id, jobs.locked_until`;

// Every write by a lease holder is fenced on (locked_by, attempts, status): a worker whose lease
// expired and whose job was claimed again (even by itself) cannot overwrite the newer attempt.
const LEASE_HOLDER_CONDITION = `id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3`;

export function createJobQueue<Catalog extends JobCatalog>(options: JobQueueOptions<Catalog>) {
  const { db, catalog, logger } = options;
  const clock = options.clock ?? systemClock;
  const jitter = options.jitter ?? fullJitter;
  const defaultLeaseMs = options.defaultLeaseMs ?? DEFAULT_LEASE_MS;
  const listeners = new Set<() => void>();

  function notifyJobsAvailable(): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        logger.warn('job listener failed', { error });
      }
    }
  }

  function definitionOf(kind: string) {
    const definition = catalog[kind];
    if (!definition) throw new AppError('INVALID_INPUT', `Unknown job kind: ${kind}`);
    return definition;
  }

  async function insertOrFindJob(
    executor: Queryable,
    values: {
      kind: string;
      payloadJson: string;
      uniqueKey: string | null;
      clinicId: string | null;
      maxAttempts: number;
      runAt: Date;
      now: Date;
      ifFinished: 'keep' | 'requeue';
    },
  ): Promise<EnqueueResult> {
    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit or roll
    // back; the follow-up SELECT then sees the winner. The loop covers the winner rolling back
    // between our two statements.
    for (let round = 0; round < 3; round += 1) {
      const inserted = await executor.query<{ id: string }>(
        `INSERT INTO jobs (kind, payload, unique_key, clinic_id, max_attempts, run_at, created_at, updated_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (unique_key) DO NOTHING
         RETURNING id`,
        [values.kind, values.payloadJson, values.uniqueKey, values.clinicId, values.maxAttempts, values.runAt, values.now],
      );
      const insertedRow = inserted.rows[0];
      if (insertedRow) return { id: insertedRow.id, created: true };
      if (values.ifFinished === 'requeue') {
        // Only a finished job is re-armed; concurrent callers race on this one UPDATE, so a
        // queued or running job is never doubled.
        const requeued = await executor.query<{ id: string }>(
          `UPDATE jobs
              SET status = 'queued', payload = $2::jsonb, attempts = 0, max_attempts = $3, run_at = $4,
                  last_error = NULL, locked_by = NULL, locked_until = NULL, finished_at = NULL, updated_at = $5
            WHERE unique_key = $1 AND status IN ('succeeded', 'dead')
            RETURNING id`,
          [values.uniqueKey, values.payloadJson, values.maxAttempts, values.runAt, values.now],
        );
        const requeuedRow = requeued.rows[0];
        if (requeuedRow) return { id: requeuedRow.id, created: true };
      }
      const existing = await executor.query<{ id: string }>('SELECT id FROM jobs WHERE unique_key = $1', [
        values.uniqueKey,
      ]);
      const existingRow = existing.rows[0];
      if (existingRow) return { id: existingRow.id, created: false };
    }
    throw new Error(`could not enqueue or find the job with unique key ${values.uniqueKey}`);
  }

  return {
    catalog,

    /** Calls `listener` after a job became runnable in this process (a worker's cue to poll now). */
    onJobsAvailable(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async enqueue<Kind extends JobKind<Catalog>>(
      kind: Kind,
      payload: JobPayloadInput<Catalog, Kind>,
      enqueueOptions: EnqueueOptions = {},
    ): Promise<EnqueueResult> {
      const definition = definitionOf(kind);
      const validPayload: unknown = parseInput(definition.schema, payload);
      const now = clock.now();
      const runAt = enqueueOptions.runAt ?? now;
      const result = await insertOrFindJob(enqueueOptions.tx ?? db, {
        kind,
        payloadJson: JSON.stringify(validPayload),
        uniqueKey: enqueueOptions.uniqueKey ?? null,
        clinicId: enqueueOptions.clinicId ?? null,
        maxAttempts: definition.maxAttempts,
        runAt,
        now,
        ifFinished: enqueueOptions.ifFinished ?? 'keep',
      });
      // Inside a caller's transaction the job is not visible to workers until it commits; an
      // early poll just finds nothing and the next poll interval picks it up.
      if (result.created && runAt.getTime() <= now.getTime()) notifyJobsAvailable();
      return result;
    },

    async claim(
      workerId: string,
      kinds: readonly JobKind<Catalog>[],
      limit: number,
      claimOptions: { leaseMs?: number } = {},
    ): Promise<ClaimedJob<Catalog>[]> {
      if (kinds.length === 0 || limit < 1) return [];
      const now = clock.now();
      const lockedUntil = new Date(now.getTime() + (claimOptions.leaseMs ?? defaultLeaseMs));
      const { rows } = await db.query<ClaimedRow>(CLAIM_SQL, [
        kinds,
        now,
        limit,
        workerId,
        lockedUntil,
        LOST_FINAL_ATTEMPT_ERROR,
      ]);
      const claimed: ClaimedJob<Catalog>[] = [];
      for (const row of rows) {
        if (row.status === 'dead') {
          logger.warn('job buried: its worker was lost during the final attempt', { jobId: row.id, jobKind: row.kind });
          continue;
        }
        claimed.push({
          id: row.id,
          kind: row.kind as JobKind<Catalog>,
          payload: row.payload,
          attempt: row.attempts,
          maxAttempts: row.max_attempts,
          clinicId: row.clinic_id,
          workerId,
          lockedUntil: row.locked_until,
        });
      }
      return claimed;
    },

    /** Renews the lease of a running job; false when the lease was lost to another claim. */
    async extendLease(job: ClaimedJob<Catalog>, leaseMs: number = defaultLeaseMs): Promise<boolean> {
      const now = clock.now();
      const result = await db.query(
        `UPDATE jobs SET locked_until = $4, updated_at = $5 WHERE ${LEASE_HOLDER_CONDITION}`,
        [job.id, job.workerId, job.attempt, new Date(now.getTime() + leaseMs), now],
      );
      return result.rowCount === 1;
    },

    /** Marks the job succeeded; false when the lease was lost (the newer attempt's result stands). */
    async complete(job: ClaimedJob<Catalog>): Promise<boolean> {
      const now = clock.now();
      const result = await db.query(
        `UPDATE jobs SET status = 'succeeded', locked_by = NULL, locked_until = NULL, finished_at = $4, updated_at = $4
         WHERE ${LEASE_HOLDER_CONDITION}`,
        [job.id, job.workerId, job.attempt, now],
      );
      return result.rowCount === 1;
    },

    async fail(job: ClaimedJob<Catalog>, error: unknown): Promise<JobFailureOutcome> {
      const now = clock.now();
      if (error instanceof DeferJobError) {
        // Not a failure: the claim's attempt is given back and the job waits until `until`.
        const deferred = await db.query(
          `UPDATE jobs SET status = 'queued', run_at = $4, attempts = attempts - 1, locked_by = NULL, locked_until = NULL,
             last_error = $5, updated_at = $6
           WHERE ${LEASE_HOLDER_CONDITION}`,
          [job.id, job.workerId, job.attempt, error.until, describeJobFailure(error), now],
        );
        return deferred.rowCount === 1 ? 'deferred' : 'lease_lost';
      }
      const isDead = error instanceof PermanentJobError || job.attempt >= job.maxAttempts;
      const retryDelayMs = isDead ? 0 : computeRetryDelayMs(definitionOf(job.kind).backoff, job.attempt, jitter);
      const result = await db.query(
        `UPDATE jobs SET
           status = CASE WHEN $4 THEN 'dead' ELSE 'queued' END,
           run_at = CASE WHEN $4 THEN run_at ELSE $5::timestamptz END,
           finished_at = CASE WHEN $4 THEN $6::timestamptz ELSE NULL END,
           last_error = $7, locked_by = NULL, locked_until = NULL, updated_at = $6
         WHERE ${LEASE_HOLDER_CONDITION}`,
        [job.id, job.workerId, job.attempt, isDead, new Date(now.getTime() + retryDelayMs), now, describeJobFailure(error)],
      );
      if (result.rowCount !== 1) return 'lease_lost';
      return isDead ? 'dead' : 'retried';
    },

    async stats(): Promise<JobStats> {
      const { rows } = await db.query<{ kind: string; status: JobStatus; count: number }>(
        'SELECT kind, status, count(*)::int AS count FROM jobs GROUP BY kind, status',
      );
      const byStatus = emptyStatusCounts();
      const byKind: Record<string, Record<JobStatus, number>> = {};
      for (const row of rows) {
        byStatus[row.status] += row.count;
        const kindCounts = (byKind[row.kind] ??= emptyStatusCounts());
        kindCounts[row.status] += row.count;
      }
      return { byStatus, byKind };
    },

    /**
     * The job of `uniqueKey`, due at `runAt` with this payload: created, moved (when still
     * queued), or armed again when it already ran — a reminder follows its appointment. A job
     * running right now is left to finish.
     */
    async schedule<Kind extends JobKind<Catalog>>(
      kind: Kind,
      payload: JobPayloadInput<Catalog, Kind>,
      scheduleOptions: { uniqueKey: string; runAt: Date; clinicId?: string | null },
    ): Promise<void> {
      const definition = definitionOf(kind);
      const payloadJson = JSON.stringify(parseInput(definition.schema, payload));
      const now = clock.now();
      await db.query(
        `INSERT INTO jobs (kind, payload, unique_key, clinic_id, max_attempts, run_at, created_at, updated_at)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (unique_key) DO UPDATE
           SET payload = EXCLUDED.payload, run_at = EXCLUDED.run_at, status = 'queued', attempts = 0,
               max_attempts = EXCLUDED.max_attempts, last_error = NULL, finished_at = NULL, updated_at = EXCLUDED.updated_at
         WHERE jobs.status <> 'running'`,
        [kind, payloadJson, scheduleOptions.uniqueKey, scheduleOptions.clinicId ?? null, definition.maxAttempts, scheduleOptions.runAt, now],
      );
      if (scheduleOptions.runAt.getTime() <= now.getTime()) notifyJobsAvailable();
    },

    /** Drops the queued job of `uniqueKey` (a reminder of a cancelled appointment); true when one was queued. */
    async cancelQueued(uniqueKey: string): Promise<boolean> {
      const result = await db.query(`DELETE FROM jobs WHERE unique_key = $1 AND status = 'queued'`, [uniqueKey]);
      return (result.rowCount ?? 0) > 0;
    },

    /** Gives a dead job a fresh set of attempts, runnable now (runbooks, admin tools). */
    async retryDead(jobId: string): Promise<void> {
      if (!JOB_ID_PATTERN.test(jobId)) throw notFound('Job');
      const now = clock.now();
      const result = await db.query(
        `UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, finished_at = NULL,
           locked_by = NULL, locked_until = NULL, updated_at = $2
         WHERE id = $1 AND status = 'dead'`,
        [jobId, now],
      );
      if (result.rowCount === 1) {
        notifyJobsAvailable();
        return;
      }
      const { rows } = await db.query<{ status: JobStatus }>('SELECT status FROM jobs WHERE id = $1', [jobId]);
      const current = rows[0];
      if (!current) throw notFound('Job');
      throw new AppError('CONFLICT', `Job ${jobId} is ${current.status}, not dead`);
    },
  };
}

function emptyStatusCounts(): Record<JobStatus, number> {
  return { queued: 0, running: 0, succeeded: 0, dead: 0 };
}
