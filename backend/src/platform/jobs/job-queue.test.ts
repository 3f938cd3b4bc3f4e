import { Registry } from 'prom-client';
import { z } from 'zod';
import { createTestDb, resetDatabase, silentLogger } from '../../../test/support/test-db';
import { AppError } from '../errors';
import { defineJobCatalog, noJitter } from './job-catalog';
import { registerJobStatusGauge } from './job-metrics';
import { DeferJobError, PermanentJobError } from './job-failure';
import { createJobQueue } from './job-queue';
import { createManualClock } from '../../../test/support/job-testing';

const catalog = defineJobCatalog({
  'test.echo': {
    schema: z.object({ messageId: z.string().uuid(), channel: z.enum(['sms', 'voice']).default('sms') }),
    maxAttempts: 3,
    backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  },
  'test.single-shot': { schema: z.object({}), maxAttempts: 1, backoff: { baseDelayMs: 1_000, maxDelayMs: 1_000 } },
});

const MESSAGE_ID = '6c1f7a52-2f0b-4c55-9a55-1d1f0f5f2a11';
const LEASE_MS = 30_000;

type JobRow = {
  id: string;
  kind: string;
  payload: unknown;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  last_error: string | null;
  clinic_id: string | null;
  finished_at: Date | null;
};

describe('job queue', () => {
  const db = createTestDb();
  const clock = createManualClock();
  const queue = createJobQueue({ db, catalog, clock, jitter: noJitter, defaultLeaseMs: LEASE_MS, logger: silentLogger() });

  async function readJobs(): Promise<JobRow[]> {
    return (await db.query<JobRow>('SELECT * FROM jobs ORDER BY id')).rows;
  }
  async function readJob(id: string): Promise<JobRow> {
    const row = (await db.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id])).rows[0];
    if (!row) throw new Error(`job ${id} not found`);
    return row;
  }

  beforeEach(async () => {
    await resetDatabase(db);
    clock.set(new Date('2030-01-01T09:00:00.000Z'));
  });
  afterAll(() => db.close());

  describe('enqueue', () => {
    it("keeps a finished job by default, and with ifFinished 'requeue' runs it again exactly once", async () => {
      const first = await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'echo:1' });
      await db.query(`UPDATE jobs SET status = 'succeeded', attempts = 1, finished_at = $2 WHERE id = $1`, [first.id, clock.now()]);

      expect(await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'echo:1' })).toEqual({ id: first.id, created: false });
      expect((await readJob(first.id)).status).toBe('succeeded');

      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'echo:1', ifFinished: 'requeue' }),
        ),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.id))).toEqual(new Set([first.id]));
      expect(await readJob(first.id)).toMatchObject({ status: 'queued', attempts: 0, finished_at: null, last_error: null });
      expect(await readJobs()).toHaveLength(1);
    });

    it('rejects a payload that fails its schema with INVALID_INPUT and stores nothing', async () => {
      const attempt = queue.enqueue('test.echo', { messageId: 'not-a-uuid' });
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await readJobs()).toEqual([]);
    });

    it('stores the validated payload, the catalog limits, the clinic and a run time from the clock', async () => {
      const { rows } = await db.query<{ id: string }>(`INSERT INTO clinics (slug, name) VALUES ('smile', 'Smile') RETURNING id`);
      const clinicId = rows[0]?.id;
      const payload = { messageId: MESSAGE_ID, unexpected: 'dropped' } as { messageId: string };
      const result = await queue.enqueue('test.echo', payload, { clinicId });

      expect(result.created).toBe(true);
      const job = await readJob(result.id);
      expect(job).toMatchObject({
        kind: 'test.echo',
        payload: { messageId: MESSAGE_ID, channel: 'sms' },
        status: 'queued',
        attempts: 0,
        max_attempts: 3,
        clinic_id: clinicId,
      });
      expect(job.run_at).toEqual(clock.now());
    });

    it('returns the existing job for a repeated unique key', async () => {
      const first = await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'sms:1' });
      const second = await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'sms:1' });
      expect(first.created).toBe(true);
      expect(second).toEqual({ id: first.id, created: false });
      expect(await readJobs()).toHaveLength(1);
    });

    it('creates exactly one job from 20 concurrent enqueues with one unique key', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'sms:race' })),
      );
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
      expect(await readJobs()).toHaveLength(1);
    });

    it('commits and rolls back together with the caller transaction', async () => {
      await expect(
        db.transaction(async (tx) => {
          await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { tx, uniqueKey: 'rolled-back' });
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');
      expect(await readJobs()).toEqual([]);

      const committed = await db.transaction((tx) => queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { tx }));
      expect((await readJob(committed.id)).status).toBe('queued');
    });

    it('tells listeners about runnable jobs only', async () => {
      const wakeUps: number[] = [];
      const unsubscribe = queue.onJobsAvailable(() => wakeUps.push(1));
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'now' });
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'now' });
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { runAt: new Date(clock.now().getTime() + 60_000) });
      unsubscribe();
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      expect(wakeUps).toHaveLength(1);
    });
  });

  describe('claim', () => {
    it('claims due jobs of the asked kinds up to the limit, under a lease from the clock', async () => {
      const due = await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID }, { runAt: new Date(clock.now().getTime() + 5_000) });
      await queue.enqueue('test.single-shot', {});

      const claimed = await queue.claim('worker-a', ['test.echo'], 1);
      expect(claimed).toEqual([
        expect.objectContaining({ id: due.id, kind: 'test.echo', attempt: 1, workerId: 'worker-a', maxAttempts: 3 }),
      ]);
      expect(claimed[0]?.lockedUntil).toEqual(new Date(clock.now().getTime() + LEASE_MS));
      expect(await queue.claim('worker-a', ['test.echo'], 10)).toHaveLength(1);
      expect(await queue.claim('worker-a', ['test.echo'], 10)).toHaveLength(0);

      clock.advanceMs(5_000);
      expect(await queue.claim('worker-a', ['test.echo'], 10)).toHaveLength(1);
    });

    it('re-claims the job of a crashed worker after its lease expired, and fences the stale worker out', async () => {
      const { id } = await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      const [stale] = await queue.claim('crashed-worker', ['test.echo'], 1);
      if (!stale) throw new Error('expected a claim');

      clock.advanceMs(LEASE_MS - 1);
      expect(await queue.claim('rescuer', ['test.echo'], 1)).toEqual([]);
      clock.advanceMs(2);
      const [fresh] = await queue.claim('rescuer', ['test.echo'], 1);
      expect(fresh).toMatchObject({ id, attempt: 2, workerId: 'rescuer' });
      if (!fresh) throw new Error('expected a claim');

      expect(await queue.complete(stale)).toBe(false);
      expect(await queue.fail(stale, new Error('late failure'))).toBe('lease_lost');
      expect(await queue.extendLease(stale)).toBe(false);
      expect(await readJob(id)).toMatchObject({ status: 'running', locked_by: 'rescuer', attempts: 2, last_error: null });

      expect(await queue.complete(fresh)).toBe(true);
      expect(await readJob(id)).toMatchObject({ status: 'succeeded', locked_by: null });
    });

    it('buries a job whose worker was lost during its final attempt instead of running it again', async () => {
      const { id } = await queue.enqueue('test.single-shot', {});
      await queue.claim('crashed-worker', ['test.single-shot'], 1);
      clock.advanceMs(LEASE_MS + 1);

      expect(await queue.claim('rescuer', ['test.single-shot'], 1)).toEqual([]);
      const job = await readJob(id);
      expect(job).toMatchObject({ status: 'dead', attempts: 1, locked_by: null });
      expect(job.last_error).toMatch(/lease expired/);
      expect(job.finished_at).toEqual(clock.now());
    });
  });

  describe('fail', () => {
    it('re-queues with exponential backoff from the clock, then buries after maxAttempts', async () => {
      const { id } = await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      const startedAt = clock.now().getTime();

      const [first] = await queue.claim('worker', ['test.echo'], 1);
      expect(await queue.fail(first!, new Error('provider timeout'))).toBe('retried');
      expect(await readJob(id)).toMatchObject({ status: 'queued', run_at: new Date(startedAt + 1_000), locked_by: null });

      clock.advanceMs(1_000);
      const [second] = await queue.claim('worker', ['test.echo'], 1);
      expect(await queue.fail(second!, new Error('provider timeout'))).toBe('retried');
      expect((await readJob(id)).run_at).toEqual(new Date(startedAt + 1_000 + 2_000));

      clock.advanceMs(2_000);
      const [third] = await queue.claim('worker', ['test.echo'], 1);
      expect(await queue.fail(third!, new Error('provider timeout'))).toBe('dead');
      expect(await readJob(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'Error: provider timeout' });
    });

    it('buries at once on a PermanentJobError and keeps only a short, masked message', async () => {
      const { id } = await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      const [job] = await queue.claim('worker', ['test.echo'], 1);
      const error = new PermanentJobError(`number +447700900123 is invalid ${'x'.repeat(5_000)}`);

      expect(await queue.fail(job!, error)).toBe('dead');
      const row = await readJob(id);
      expect(row).toMatchObject({ status: 'dead', attempts: 1 });
      expect(row.last_error).toMatch(/^PermanentJobError: number \+\*\*\*123 is invalid x+$/);
      expect(row.last_error?.length).toBe(1_000);
      expect(row.last_error).not.toMatch(/at .*\.ts/);
    });
  });

  describe('stats and retryDead', () => {
    it('counts jobs by status and kind, and exports them as a gauge at scrape time', async () => {
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      const single = await queue.enqueue('test.single-shot', {});
      const [job] = await queue.claim('worker', ['test.single-shot'], 1);
      await queue.fail(job!, new Error('no'));

      const stats = await queue.stats();
      expect(stats.byStatus).toEqual({ queued: 2, running: 0, succeeded: 0, dead: 1 });
      expect(stats.byKind).toEqual({
        'test.echo': { queued: 2, running: 0, succeeded: 0, dead: 0 },
        'test.single-shot': { queued: 0, running: 0, succeeded: 0, dead: 1 },
      });

      const registry = new Registry();
      registerJobStatusGauge({ registry, queue, logger: silentLogger() });
      const exposition = await registry.metrics();
      expect(exposition).toContain('voxanne_jobs{status="queued"} 2');
      expect(exposition).toContain('voxanne_jobs{status="dead"} 1');

      await queue.retryDead(single.id);
      expect(await readJob(single.id)).toMatchObject({ status: 'queued', attempts: 0, finished_at: null });
      expect(await registry.metrics()).toContain('voxanne_jobs{status="dead"} 0');
    });

    it('refuses to retry a job that is not dead, or does not exist', async () => {
      const { id } = await queue.enqueue('test.echo', { messageId: MESSAGE_ID });
      await expect(queue.retryDead(id)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(queue.retryDead('999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(queue.retryDead('not-an-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('schedule, cancelQueued and deferral', () => {
    it('creates, moves a queued job, re-arms a finished one, and leaves a running one alone', async () => {
      const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
      await queue.schedule('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'timed', runAt: at(60) });
      await queue.schedule('test.echo', { messageId: MESSAGE_ID, channel: 'voice' }, { uniqueKey: 'timed', runAt: at(30) });
      let [job] = await readJobs();
      expect(job).toEqual(expect.objectContaining({ status: 'queued', run_at: at(30), payload: { messageId: MESSAGE_ID, channel: 'voice' } }));

      clock.advanceMs(30 * 60_000);
      const [claimed] = await queue.claim('worker-a', ['test.echo'], 1);
      await queue.schedule('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'timed', runAt: at(10) });
      expect((await readJob(claimed!.id)).status).toBe('running');
      await queue.complete(claimed!);

      await queue.schedule('test.echo', { messageId: MESSAGE_ID }, { uniqueKey: 'timed', runAt: at(10) });
      [job] = await readJobs();
      expect(job).toEqual(expect.objectContaining({ id: claimed!.id, status: 'queued', attempts: 0, run_at: at(10), finished_at: null }));

      expect(await queue.cancelQueued('timed')).toBe(true);
      expect(await queue.cancelQueued('timed')).toBe(false);
      expect(await readJobs()).toEqual([]);
    });

    it('gives a deferred job back to the queue for later without using an attempt', async () => {
      await queue.enqueue('test.single-shot', {});
      const [claimed] = await queue.claim('worker-a', ['test.single-shot'], 1);
      const until = new Date(clock.now().getTime() + 3_600_000);
      expect(await queue.fail(claimed!, new DeferJobError(until, 'quiet hours'))).toBe('deferred');
      expect(await readJob(claimed!.id)).toEqual(expect.objectContaining({ status: 'queued', attempts: 0, run_at: until }));
      // A single-shot job deferred is not dead: its one attempt is still to come.
      clock.set(until);
      const [again] = await queue.claim('worker-a', ['test.single-shot'], 1);
      expect(again).toEqual(expect.objectContaining({ id: claimed!.id, attempt: 1 }));
    });
  });
});
