import type { Queryable } from '../db';
import type { JobCatalog, JobKind } from './job-catalog';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** A job this worker holds under a lease. `attempt` doubles as the fencing token of the lease. */
export type ClaimedJob<Catalog extends JobCatalog = JobCatalog> = {
  readonly id: string;
  readonly kind: JobKind<Catalog>;
  /** The stored JSON; the worker parses it with the kind's schema before the handler sees it. */
  readonly payload: unknown;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly clinicId: string | null;
  readonly workerId: string;
  readonly lockedUntil: Date;
};

export type EnqueueOptions = {
  /** Idempotency key, unique across all kinds: a second enqueue with it returns the first job. */
  uniqueKey?: string;
  runAt?: Date;
  clinicId?: string | null;
  /** The caller's transaction, so the job commits (or not) together with the row it is about. */
  tx?: Queryable;
  /**
   * With `uniqueKey`: what to do when the key's job already finished (succeeded or dead).
   * `keep` (default) returns it untouched — exactly-once work such as sending an SMS.
   * `requeue` runs it again with fresh attempts — work that must happen whenever it is
   * asked for again, such as re-ingesting a document whose earlier text came back.
   * A queued or running job is never duplicated either way.
   */
  ifFinished?: 'keep' | 'requeue';
};

/** `created` is true for a new job and for a finished one requeued by `ifFinished: 'requeue'`. */
export type EnqueueResult = { id: string; created: boolean };
/** `deferred`: the handler asked to run later (DeferJobError); no attempt was used. */
export type JobFailureOutcome = 'retried' | 'deferred' | 'dead' | 'lease_lost';
export type JobStats = {
  byStatus: Record<JobStatus, number>;
  byKind: Record<string, Record<JobStatus, number>>;
};
