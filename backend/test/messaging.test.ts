import { makeClinic } from './support/factories';
import { createManualClock } from './support/job-testing';
import { runQueuedJobs } from './support/knowledge-fixtures';
import { createTestServices } from './support/test-app';
import { createTestDb, resetDatabase } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('outbound SMS outbox', () => {
  // Midday in London: the reminder below is not held by quiet hours, whenever the suite runs.
  const services = createTestServices(db, { clock: createManualClock(new Date('2030-01-15T12:00:00.000Z')) });
  beforeEach(() => resetDatabase(db));

  it('queues one message per idempotency key, however often or concurrently it is asked, and sends it once', async () => {
    const clinic = await makeClinic(db);
    const ids = await Promise.all(
      Array.from({ length: 10 }, () =>
        services.messaging.queueOutbound(clinic.id, { to: '+447700900321', body: 'Emergency reported', kind: 'alert', idempotencyKey: 'oncall:1' }),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    await runQueuedJobs(services);
    await runQueuedJobs(services);
    const { rows } = await db.query<{ status: string; provider_sid: string }>('SELECT status, provider_sid FROM messages');
    expect(rows).toEqual([{ status: 'sent', provider_sid: expect.stringMatching(/^SMlocal[0-9a-f]{27}$/) }]);
    const jobs = await db.query<{ status: string }>(`SELECT status FROM jobs WHERE kind = 'sms.send'`);
    expect(jobs.rows).toEqual([{ status: 'succeeded' }]);
  });

  it('never texts a patient who opted out', async () => {
    const clinic = await makeClinic(db);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO patients (clinic_id, phone_e164, sms_opted_out_at) VALUES ($1, '+447700900654', now()) RETURNING id`,
      [clinic.id],
    );
    await services.messaging.queueOutbound(clinic.id, { to: '+447700900654', body: 'Reminder', kind: 'reminder', idempotencyKey: 'r1', patientId: rows[0]!.id });
    await runQueuedJobs(services);
    const { rows: messages } = await db.query('SELECT status, provider_sid FROM messages');
    expect(messages).toEqual([{ status: 'blocked_opted_out', provider_sid: null }]);
  });
});
