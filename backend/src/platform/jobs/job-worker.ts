import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { JobCatalog, JobKind, JobPayload } from './job-catalog';
import { PermanentJobError } from './job-failure';
import type { JobQueue } from './job-queue';
import type { ClaimedJob, JobFailureOutcome } from './job-types';

export type JobContext = {
  jobId: string;
  attempt: number;
  clinicId: string | null;
  logger: Logger;
  /** Aborted when this attempt's lease was lost or the worker stopped without waiting for it. */
  signal: AbortSignal;
};

export type JobHandler<Payload> = (payload: Payload, context: JobContext) => Promise<void>;

/** One handler per kind; a worker may serve a subset of its catalog. */
export type JobHandlers<Catalog extends JobCatalog> = {
  [Kind in JobKind<Catalog>]?: JobHandler<JobPayload<Catalog, Kind>>;
};

export type JobWorkerOptions<Catalog extends JobCatalog> = {
  queue: JobQueue<Catalog>;
  handlers: JobHandlers<Catalog>;
  /** Jobs run at the same time by this worker. */
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  logger: Logger;
  metrics?: Pick<Metrics, 'jobsProcessed'>;
  workerId?: string;
};

type JobResult = 'succeeded' | JobFailureOutcome;
type InFlightJob = { jobId: string; done: Promise<void>; abort: AbortController };

export type JobWorker = ReturnType<typeof createJobWorker>;

export function createJobWorker<Catalog extends JobCatalog>(options: JobWorkerOptions<Catalog>) {
  const { queue, handlers, concurrency, pollIntervalMs, leaseMs, logger, metrics } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer');
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const kinds = (Object.keys(handlers) as JobKind<Catalog>[]).filter((kind) => handlers[kind] !== undefined);
  // Three renewals per lease: a single slow or failed renewal does not cost the lease.
  const heartbeatIntervalMs = Math.max(1, Math.floor(leaseMs / 3));
  const workerLogger = logger.child({ workerId });

  const inFlight = new Set<InFlightJob>();
  let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  let pollTimer: NodeJS.Timeout | undefined;
  let currentPoll: Promise<void> | undefined;
  let isPollRequested = false;
  // Whether the last claim filled every free slot, i.e. more work is probably waiting.
  let hasBacklog = false;
  let unsubscribe: (() => void) | undefined;
  let stopping: Promise<{ isDrained: boolean }> | undefined;

  function parsePayload(job: ClaimedJob<Catalog>): unknown {
    const definition = queue.catalog[job.kind];
    const parsed = definition?.schema.safeParse(job.payload);
    if (!parsed?.success) {
      const issue = parsed?.error.issues[0];
      const where = issue ? ` at ${issue.path.join('.') || 'payload'}: ${issue.message}` : '';
      throw new PermanentJobError(`stored payload does not match the schema of ${job.kind}${where}`);
    }
    return parsed.data;
  }

  function startHeartbeat(job: ClaimedJob<Catalog>, abort: AbortController, jobLogger: Logger): () => void {
    let isRenewing = false;
    const timer = setInterval(() => {
      if (isRenewing) return;
      isRenewing = true;
      queue
        .extendLease(job, leaseMs)
        .then((isHeld) => {
          if (isHeld) return;
          clearInterval(timer);
          jobLogger.warn('job lease lost while its handler was running; its result will be discarded');
          abort.abort(new Error('job lease lost'));
        })
        .catch((error: unknown) => jobLogger.warn('job lease renewal failed', { error }))
        .finally(() => {
          isRenewing = false;
        });
    }, heartbeatIntervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async function recordResult(job: ClaimedJob<Catalog>, failure: { error: unknown } | undefined): Promise<JobResult> {
    if (!failure) return (await queue.complete(job)) ? 'succeeded' : 'lease_lost';
    return queue.fail(job, failure.error);
  }

  async function runJob(job: ClaimedJob<Catalog>, abort: AbortController): Promise<void> {
    const jobLogger = workerLogger.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempt, clinicId: job.clinicId });
    const handler = handlers[job.kind] as JobHandler<unknown> | undefined;
    const stopHeartbeat = startHeartbeat(job, abort, jobLogger);
    let failure: { error: unknown } | undefined;
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      const context = { jobId: job.id, attempt: job.attempt, clinicId: job.clinicId, logger: jobLogger, signal: abort.signal };
      await handler(parsePayload(job), context);
    } catch (error) {
      failure = { error };
    } finally {
      stopHeartbeat();
    }

    let result: JobResult;
    try {
      result = await recordResult(job, failure);
    } catch (error) {
      jobLogger.error('could not record job result; the job runs again once its lease expires', { error });
      return;
    }
    metrics?.jobsProcessed.inc({ kind: job.kind, result });
    if (result === 'deferred') jobLogger.info('job deferred', { reason: failure?.error instanceof Error ? failure.error.message : undefined });
    else if (result === 'retried') jobLogger.warn('job attempt failed; retrying later', { error: failure?.error });
    else if (result === 'dead') jobLogger.error('job failed for good', { error: failure?.error });
    else if (result === 'lease_lost') jobLogger.warn('job lease was lost; another attempt owns the job now');
  }

  function startJob(job: ClaimedJob<Catalog>): InFlightJob {
    const abort = new AbortController();
    const entry: InFlightJob = { jobId: job.id, abort, done: Promise.resolve() };
    entry.done = runJob(job, abort)
      .catch((error: unknown) => {
        workerLogger.error('job runner failed', { error, jobId: job.id });
      })
      .finally(() => {
        inFlight.delete(entry);
        if (hasBacklog) requestPoll();
      });
    inFlight.add(entry);
    return entry;
  }

  async function claimAndStart(limit: number): Promise<InFlightJob[]> {
    const jobs = await queue.claim(workerId, kinds, limit, { leaseMs });
    hasBacklog = jobs.length === limit;
    return jobs.map(startJob);
  }

  async function pollOnce(): Promise<void> {
    const freeSlots = concurrency - inFlight.size;
    if (freeSlots <= 0) {
      // Cannot take more now; let the next finishing job poll again.
      hasBacklog = true;
      return;
    }
    try {
      await claimAndStart(freeSlots);
    } catch (error) {
      workerLogger.error('job claim failed', { error });
    }
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(requestPoll, pollIntervalMs);
    pollTimer.unref();
  }

  /** Polls now, or right after the poll in progress; polls never overlap. */
  function requestPoll(): void {
    if (state !== 'running') return;
    if (currentPoll) {
      isPollRequested = true;
      return;
    }
    clearTimeout(pollTimer);
    currentPoll = pollOnce().finally(() => {
      currentPoll = undefined;
      if (state !== 'running') return;
      if (isPollRequested) {
        isPollRequested = false;
        requestPoll();
      } else {
        schedulePoll();
      }
    });
  }

  async function waitForInFlight(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = Promise.all([...inFlight].map((entry) => entry.done)).then(() => true as const);
    try {
      return await Promise.race([drained, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function drainAndStop(drainTimeoutMs: number): Promise<{ isDrained: boolean }> {
    state = 'stopping';
    clearTimeout(pollTimer);
    unsubscribe?.();
    // A claim already sent may still hand us jobs; they are ours to finish.
    await currentPoll;
    const isDrained = await waitForInFlight(drainTimeoutMs);
    if (!isDrained) {
      const jobIds = [...inFlight].map((entry) => entry.jobId);
      workerLogger.warn('job worker stopped with handlers still running', { jobIds });
      for (const entry of inFlight) entry.abort.abort(new Error('job worker stopped'));
    }
    state = 'stopped';
    return { isDrained };
  }

  return {
    workerId,

    start(): void {
      if (state !== 'idle') throw new Error(`job worker cannot start: it is ${state}`);
      state = 'running';
      unsubscribe = queue.onJobsAvailable(requestPoll);
      requestPoll();
    },

    /** Look for work now instead of at the next poll interval. */
    wake(): void {
      requestPoll();
    },

    /** Stops claiming, then waits up to `drainTimeoutMs` for running handlers to finish. */
    stop(stopOptions: { drainTimeoutMs: number }): Promise<{ isDrained: boolean }> {
      stopping ??= drainAndStop(stopOptions.drainTimeoutMs);
      return stopping;
    },

    /** Claims one batch (up to the free concurrency) and resolves when all of it finished. */
    async runOnce(): Promise<number> {
      if (state === 'stopping' || state === 'stopped') return 0;
      const freeSlots = concurrency - inFlight.size;
      if (freeSlots <= 0) return 0;
      const started = await claimAndStart(freeSlots);
      await Promise.all(started.map((entry) => entry.done));
      return started.length;
    },
  };
}
