import { createJobQueue } from '../../platform/jobs/job-queue';
import { createJobWorker } from '../../platform/jobs/job-worker';
import { createManualClock } from '../../../test/support/job-testing';
import { createTestDb, resetDatabase, silentLogger } from '../../../test/support/test-db';
import { maintenanceJobs, nextPurgeRun, purgeFinishedJobs, purgeWebhookEvents, scheduleNextPurge } from './maintenance.jobs';

const db = createTestDb();
afterAll(() => db.close());
beforeEach(() => resetDatabase(db));

describe('nextPurgeRun', () => {
  it.each([
    ['2030-01-01T01:00:00Z', '2030-01-01', '2030-01-01T03:00:00.000Z'],
    ['2030-01-01T03:00:00Z', '2030-01-02', '2030-01-02T03:00:00.000Z'],
    ['2030-12-31T23:59:00Z', '2031-01-01', '2031-01-01T03:00:00.000Z'],
  ])('after %s runs on %s', (now, day, runAt) => {
    const next = nextPurgeRun(new Date(now));
    expect(next.day).toBe(day);
    expect(next.runAt.toISOString()).toBe(runAt);
  });
});

describe('daily purge job', () => {
  it('is queued once per day however many instances schedule it', async () => {
    const clock = createManualClock(new Date('2030-01-01T10:00:00Z'));
    const queue = createJobQueue({ db, catalog: maintenanceJobs, clock, logger: silentLogger() });
    await Promise.all([scheduleNextPurge(queue, clock), scheduleNextPurge(queue, clock), scheduleNextPurge(queue, clock)]);
    const { rows } = await db.query<{ unique_key: string; run_at: Date }>(`SELECT unique_key, run_at FROM jobs`);
    expect(rows).toEqual([{ unique_key: 'maintenance.purge:2030-01-02', run_at: new Date('2030-01-02T03:00:00Z') }]);
  });

  it('deletes only finished jobs past their retention, then queues the next day', async () => {
    const clock = createManualClock(new Date('2030-01-10T03:00:00Z'));
    const old = new Date('2029-12-01T00:00:00Z');
    const recent = new Date('2030-01-09T00:00:00Z');
    await db.query(
      `INSERT INTO jobs (kind, status, finished_at, unique_key) VALUES
        ('x', 'succeeded', $1, 'old-ok'), ('x', 'succeeded', $2, 'new-ok'),
        ('x', 'dead', $1, 'old-dead'), ('x', 'dead', $2, 'new-dead'), ('x', 'queued', NULL, 'waiting')`,
      [old, recent],
    );
    expect(await purgeFinishedJobs(db, clock.now())).toEqual({ succeeded: 1, dead: 1 });
    const { rows } = await db.query<{ unique_key: string }>(`SELECT unique_key FROM jobs ORDER BY unique_key`);
    expect(rows.map((row) => row.unique_key)).toEqual(['new-dead', 'new-ok', 'waiting']);
  });

  it('deletes provider deliveries older than 30 days', async () => {
    await db.query(
      `INSERT INTO webhook_events (provider, idempotency_key, event_type, payload, received_at) VALUES
        ('vapi', 'old', 'status-update', '{}', '2029-12-01T00:00:00Z'), ('vapi', 'new', 'status-update', '{}', '2030-01-05T00:00:00Z')`,
    );
    expect(await purgeWebhookEvents(db, new Date('2030-01-10T03:00:00Z'))).toBe(1);
    const { rows } = await db.query<{ idempotency_key: string }>('SELECT idempotency_key FROM webhook_events');
    expect(rows).toEqual([{ idempotency_key: 'new' }]);
  });

  it('runs through the worker like any job', async () => {
    const clock = createManualClock(new Date('2030-01-10T02:00:00Z'));
    const queue = createJobQueue({ db, catalog: maintenanceJobs, clock, logger: silentLogger() });
    await scheduleNextPurge(queue, clock);
    const ran: string[] = [];
    const worker = createJobWorker({
      queue,
      handlers: {
        'maintenance.purge': async (payload) => {
          ran.push(payload.day);
          await purgeFinishedJobs(db, clock.now());
          await scheduleNextPurge(queue, clock);
        },
      },
      concurrency: 1,
      pollIntervalMs: 60_000,
      leaseMs: 10_000,
      logger: silentLogger(),
    });
    expect(await worker.runOnce()).toBe(0); // not due yet
    clock.advanceMs(60 * 60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(ran).toEqual(['2030-01-10']);
    const { rows } = await db.query<{ unique_key: string; status: string }>(
      `SELECT unique_key, status FROM jobs ORDER BY unique_key`,
    );
    expect(rows).toEqual([
      { unique_key: 'maintenance.purge:2030-01-10', status: 'succeeded' },
      { unique_key: 'maintenance.purge:2030-01-11', status: 'queued' },
    ]);
  });
});
