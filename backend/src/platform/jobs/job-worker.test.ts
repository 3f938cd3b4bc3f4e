import { z } from 'zod';
import { createTestDb, resetDatabase, silentLogger } from '../../../test/support/test-db';
import type { Db } from '../db';
import { createMetrics } from '../metrics';
import { defineJobCatalog, noJitter } from './job-catalog';
import { PermanentJobError } from './job-failure';
import { createJobQueue } from './job-queue';
import { createGate, createManualClock, waitUntil } from '../../../test/support/job-testing';
import type { Clock } from './job-types';
import { createJobWorker, type JobHandlers, type JobWorker } from './job-worker';

const catalog = defineJobCatalog({
  'test.work': {
    schema: z.object({ label: z.string() }),
    maxAttempts: 4,
    backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  },
});
type TestHandlers = JobHandlers<typeof catalog>;

const NEVER_MS = 60_000;

describe('job worker', () => {
  const db = createTestDb();
  const logger = silentLogger();
  const extraDbs: Db[] = [];
  const runningWorkers: JobWorker[] = [];

  function makeQueue(options: { clock?: Clock; queueDb?: Db } = {}) {
    return createJobQueue({ db: options.queueDb ?? db, catalog, clock: options.clock, jitter: noJitter, logger });
  }

  function makeWorker(
    handlers: TestHandlers,
    options: { queue?: ReturnType<typeof makeQueue>; concurrency?: number; pollIntervalMs?: number; leaseMs?: number; metrics?: ReturnType<typeof createMetrics> } = {},
  ) {
    const worker = createJobWorker({
      queue: options.queue ?? makeQueue(),
      handlers,
      concurrency: options.concurrency ?? 2,
      pollIntervalMs: options.pollIntervalMs ?? NEVER_MS,
      leaseMs: options.leaseMs ?? 30_000,
      logger,
      metrics: options.metrics,
    });
    runningWorkers.push(worker);
    return worker;
  }

  async function readJob(id: string) {
    const { rows } = await db.query<{ status: string; attempts: number; run_at: Date; last_error: string | null; locked_until: Date | null }>(
      'SELECT status, attempts, run_at, last_error, locked_until FROM jobs WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw new Error(`job ${id} not found`);
    return rows[0];
  }

  beforeEach(() => resetDatabase(db));
  afterEach(async () => {
    await Promise.all(runningWorkers.splice(0).map((worker) => worker.stop({ drainTimeoutMs: 2_000 })));
  });
  afterAll(async () => {
    await Promise.all(extraDbs.map((extra) => extra.close()));
    await db.close();
  });

  it('runs each of 200 jobs exactly once across 4 concurrent workers', async () => {
    const runsByJobId = new Map<string, number>();
    const enqueuer = makeQueue();
    await Promise.all(Array.from({ length: 200 }, (_, index) => enqueuer.enqueue('test.work', { label: `job-${index}` })));

    for (let index = 0; index < 4; index += 1) {
      const workerDb = createTestDb();
      extraDbs.push(workerDb);
      const worker = makeWorker(
        {
          'test.work': async (_payload, { jobId }) => {
            runsByJobId.set(jobId, (runsByJobId.get(jobId) ?? 0) + 1);
            await new Promise((resolve) => setImmediate(resolve));
          },
        },
        { queue: makeQueue({ queueDb: workerDb }), concurrency: 4, pollIntervalMs: 20 },
      );
      worker.start();
    }

    await waitUntil(async () => (await enqueuer.stats()).byStatus.succeeded === 200, {
      timeoutMs: 15_000,
      description: '200 succeeded jobs',
    });
    expect(runsByJobId.size).toBe(200);
    expect([...runsByJobId.values()].every((runs) => runs === 1)).toBe(true);
    expect((await enqueuer.stats()).byStatus).toEqual({ queued: 0, running: 0, succeeded: 200, dead: 0 });
  });

  it('retries a failing handler with growing backoff and passes it typed payloads and context', async () => {
    const clock = createManualClock();
    const metrics = createMetrics();
    const queue = makeQueue({ clock });
    const attempts: Array<{ label: string; attempt: number }> = [];
    const worker = makeWorker(
      {
        'test.work': async ({ label }, { attempt }) => {
          attempts.push({ label, attempt });
          if (attempt < 3) throw new Error(`flaky attempt ${attempt}`);
        },
      },
      { queue, metrics },
    );
    const { id } = await queue.enqueue('test.work', { label: 'flaky' });
    const startedAt = clock.now().getTime();

    expect(await worker.runOnce()).toBe(1);
    expect(await readJob(id)).toMatchObject({ status: 'queued', attempts: 1, run_at: new Date(startedAt + 1_000) });
    expect(await worker.runOnce()).toBe(0);

    clock.advanceMs(1_000);
    expect(await worker.runOnce()).toBe(1);
    expect(await readJob(id)).toMatchObject({
      status: 'queued',
      attempts: 2,
      run_at: new Date(startedAt + 1_000 + 2_000),
      last_error: 'Error: flaky attempt 2',
    });

    clock.advanceMs(2_000);
    expect(await worker.runOnce()).toBe(1);
    expect(await readJob(id)).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(attempts).toEqual([1, 2, 3].map((attempt) => ({ label: 'flaky', attempt })));

    const processed = await metrics.jobsProcessed.get();
    const countOf = (result: string) => processed.values.find((value) => value.labels.result === result)?.value;
    expect(countOf('retried')).toBe(2);
    expect(countOf('succeeded')).toBe(1);
  });

  it('buries a job that always fails after maxAttempts, and a PermanentJobError at once', async () => {
    const clock = createManualClock();
    const queue = makeQueue({ clock });
    const worker = makeWorker(
      {
        'test.work': async ({ label }) => {
          if (label === 'permanent') throw new PermanentJobError('patient opted out');
          throw new Error('always broken');
        },
      },
      { queue, concurrency: 1 },
    );
    const broken = await queue.enqueue('test.work', { label: 'broken' });
    const permanent = await queue.enqueue('test.work', { label: 'permanent' });

    for (let round = 0; round < 6; round += 1) {
      while ((await worker.runOnce()) > 0);
      clock.advanceMs(60_000);
    }

    expect(await readJob(broken.id)).toMatchObject({ status: 'dead', attempts: 4, last_error: 'Error: always broken' });
    expect(await readJob(permanent.id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'PermanentJobError: patient opted out',
    });
  });

  it('buries a job whose stored payload no longer matches its schema without calling the handler', async () => {
    const clock = createManualClock();
    let calls = 0;
    const worker = makeWorker({ 'test.work': async () => void (calls += 1) }, { queue: makeQueue({ clock }) });
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO jobs (kind, payload, max_attempts, run_at) VALUES ('test.work', '{"label": 42}', 4, $1) RETURNING id`,
      [clock.now()],
    );

    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(0);
    const job = await readJob(rows[0]!.id);
    expect(job.status).toBe('dead');
    expect(job.last_error).toMatch(/does not match the schema of test\.work at label/);
  });

  it('keeps renewing the lease of a long handler so nobody else claims it', async () => {
    const clock = createManualClock();
    const leaseMs = 60;
    const queue = makeQueue({ clock });
    const gate = createGate();
    let runs = 0;
    const worker = makeWorker(
      {
        'test.work': async () => {
          runs += 1;
          await gate.promise;
        },
      },
      { queue, leaseMs },
    );
    const { id } = await queue.enqueue('test.work', { label: 'slow' });
    worker.start();
    await waitUntil(() => runs === 1, { description: 'the handler to start' });

    clock.advanceMs(leaseMs * 3);
    await waitUntil(async () => ((await readJob(id)).locked_until?.getTime() ?? 0) > clock.now().getTime(), {
      description: 'a heartbeat to renew the lease',
    });
    expect(await queue.claim('rival', ['test.work'], 1)).toEqual([]);

    gate.open();
    await waitUntil(async () => (await readJob(id)).status === 'succeeded', { description: 'the job to succeed' });
    expect(runs).toBe(1);
    expect((await readJob(id)).attempts).toBe(1);
  });

  it('starts a newly enqueued job at once when woken, without waiting for the poll interval', async () => {
    const queue = makeQueue();
    const labels: string[] = [];
    const worker = makeWorker({ 'test.work': async ({ label }) => void labels.push(label) }, { queue, pollIntervalMs: NEVER_MS });
    worker.start();

    await queue.enqueue('test.work', { label: 'urgent' });
    await waitUntil(() => labels.includes('urgent'), { timeoutMs: 2_000, description: 'the woken worker to run the job' });
  });

  it('stop() finishes in-flight jobs and claims nothing new', async () => {
    const queue = makeQueue();
    const gate = createGate();
    const started: string[] = [];
    const worker = makeWorker(
      {
        'test.work': async ({ label }) => {
          started.push(label);
          await gate.promise;
        },
      },
      { queue, concurrency: 2 },
    );
    worker.start();
    const first = await queue.enqueue('test.work', { label: 'first' });
    const second = await queue.enqueue('test.work', { label: 'second' });
    await waitUntil(() => started.length === 2, { description: 'both handlers to start' });

    const stopped = worker.stop({ drainTimeoutMs: 10_000 });
    const late = await queue.enqueue('test.work', { label: 'late' });
    worker.wake();
    gate.open();

    expect(await stopped).toEqual({ isDrained: true });
    expect((await readJob(first.id)).status).toBe('succeeded');
    expect((await readJob(second.id)).status).toBe('succeeded');
    expect(await readJob(late.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(started).toEqual(expect.arrayContaining(['first', 'second']));
    expect(started).toHaveLength(2);
    expect(await worker.runOnce()).toBe(0);
  });

  it('stop() gives up waiting after the drain timeout and aborts the handler signal', async () => {
    const queue = makeQueue();
    const gate = createGate();
    let signal: AbortSignal | undefined;
    const worker = makeWorker(
      {
        'test.work': async (_payload, context) => {
          signal = context.signal;
          await gate.promise;
        },
      },
      { queue },
    );
    worker.start();
    const { id } = await queue.enqueue('test.work', { label: 'stuck' });
    await waitUntil(() => signal !== undefined, { description: 'the handler to start' });

    expect(await worker.stop({ drainTimeoutMs: 30 })).toEqual({ isDrained: false });
    expect(signal?.aborted).toBe(true);

    gate.open();
    await waitUntil(async () => (await readJob(id)).status === 'succeeded', { description: 'the late handler to finish' });
  });
});
