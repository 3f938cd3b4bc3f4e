import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTwilioSmsSender } from '../src/modules/messaging/twilio-sms-sender';
import type { Services } from '../src/services';
import { startFakeTwilioServer, type FakeTwilioServer } from './fakes/fake-twilio-server';
import { makeClinic } from './support/factories';
import { createManualClock, waitUntil } from './support/job-testing';
import { runQueuedJobs } from './support/knowledge-fixtures';
import { createTestServices, TEST_PUBLIC_BASE_URL } from './support/test-app';
import { createTestDb, resetDatabase, testDatabaseUrl } from './support/test-db';

const db = createTestDb();
const TSX = pathToFileURL(require.resolve('tsx')).href;
const WORKER = path.resolve(__dirname, 'support/sms-worker-process.ts');
const CLINIC_NUMBER = '+442079460999';
const PATIENT = '+447700900777';

describe('outbound SMS through the twilio client (fake Twilio API)', () => {
  let fake: FakeTwilioServer;
  let services: Services;
  let clinicId: string;

  beforeAll(async () => {
    fake = await startFakeTwilioServer();
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  beforeEach(async () => {
    await resetDatabase(db);
    fake.messages.length = 0;
    fake.createRequests = 0;
    services = createTestServices(db, {
      smsSender: createTwilioSmsSender({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 2_000 }),
      vapi: { publicBaseUrl: TEST_PUBLIC_BASE_URL, webhookSecret: 'unused' },
    });
    clinicId = (await makeClinic(db)).id;
    await db.query(`INSERT INTO clinic_phone_numbers (clinic_id, e164) VALUES ($1, $2)`, [clinicId, CLINIC_NUMBER]);
  });

  const queue = (key: string, body = 'Your appointment is confirmed') =>
    services.messaging.queueOutbound(clinicId, { to: PATIENT, body, kind: 'staff', idempotencyKey: key });

  async function message(id: string) {
    const { rows } = await db.query<{ status: string; provider_sid: string | null; error_code: string | null }>(
      'SELECT status, provider_sid, error_code FROM messages WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  async function job(id: string) {
    const { rows } = await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE unique_key = $1`, [`sms.send:${id}`]);
    return rows[0]!;
  }

  /** Makes a retried job due now (its backoff would otherwise make the test wait). */
  const makeDue = () => db.query(`UPDATE jobs SET run_at = now() WHERE status = 'queued'`);

  it('sends once with the sender, body and status callback, and records the SID', async () => {
    const id = await queue('once');
    await runQueuedJobs(services);
    await runQueuedJobs(services);
    expect(fake.messages).toEqual([
      expect.objectContaining({ to: PATIENT, from: CLINIC_NUMBER, body: 'Your appointment is confirmed', statusCallback: `${TEST_PUBLIC_BASE_URL}/webhooks/twilio/sms-status?messageId=${id}` }),
    ]);
    expect(await message(id)).toEqual({ status: 'queued', provider_sid: fake.messages[0]!.sid, error_code: null });
  });

  it('retries 429 and 5xx with backoff and sends exactly one text in the end', async () => {
    fake.failNextCreates(1, { status: 429, code: 20429, message: 'Too Many Requests' });
    fake.failNextCreates(1, { status: 503, code: 20503, message: 'Service Unavailable' });
    const id = await queue('retry');
    await runQueuedJobs(services);
    expect(await job(id)).toEqual({ status: 'queued', attempts: 1 });
    await makeDue();
    await runQueuedJobs(services);
    await makeDue();
    await runQueuedJobs(services);
    expect(fake.createRequests).toBe(3);
    expect(fake.messages).toHaveLength(1);
    expect(await message(id)).toEqual(expect.objectContaining({ provider_sid: fake.messages[0]!.sid }));
    expect(await job(id)).toEqual({ status: 'succeeded', attempts: 3 });
  });

  it.each([
    ['21211', 'invalid number', 'failed'],
    ['21610', 'opted out at the carrier', 'blocked_opted_out'],
  ])('never retries permanent error %s (%s)', async (code, _reason, status) => {
    fake.failNextCreates(1, { status: 400, code: Number(code), message: 'refused' });
    await services.patients.findOrCreateByPhone(clinicId, PATIENT);
    const id = await queue(`permanent-${code}`);
    await runQueuedJobs(services);
    await makeDue();
    await runQueuedJobs(services);
    expect(fake.createRequests).toBe(1);
    expect(await message(id)).toEqual({ status, provider_sid: null, error_code: code });
    expect((await job(id)).status).toBe('dead');
    const { rows } = await db.query<{ opted: boolean }>('SELECT sms_opted_out_at IS NOT NULL AS opted FROM patients WHERE phone_e164 = $1', [PATIENT]);
    expect(rows).toEqual([{ opted: code === '21610' }]);
  });

  it('after a connection reset (Twilio may have the text) looks it up instead of sending a second time', async () => {
    fake.resetNextCreate();
    const id = await queue('reset');
    await runQueuedJobs(services);
    expect(fake.messages).toHaveLength(1);
    expect((await message(id)).provider_sid).toBeNull();
    await makeDue();
    await runQueuedJobs(services);
    expect(fake.createRequests).toBe(1);
    expect(await message(id)).toEqual(expect.objectContaining({ provider_sid: fake.messages[0]!.sid }));
  });

  it('sends exactly once across a crash: the worker is killed after the HTTP call, before it records the SID', async () => {
    const held = fake.holdNextCreate();
    const id = await queue('crash', 'Sent once, whatever happens');
    const worker = spawn(process.execPath, ['--import', TSX, WORKER], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: testDatabaseUrl(),
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_API_BASE_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => worker.on('exit', (_code, signal) => resolve(signal)));
    // Twilio has the message; the worker is waiting for the answer when it dies.
    await held.accepted;
    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect((await message(id)).provider_sid).toBeNull();
    expect(await job(id)).toEqual({ status: 'running', attempts: 1 });

    // A new worker, once the dead one's lease has run out.
    const later = createManualClock(new Date(Date.now() + 60_000));
    const restarted = createTestServices(db, {
      clock: later,
      smsSender: createTwilioSmsSender({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url }),
      vapi: { publicBaseUrl: TEST_PUBLIC_BASE_URL, webhookSecret: 'unused' },
    });
    await waitUntil(async () => (await runQueuedJobs(restarted)) > 0 || (await job(id)).status === 'succeeded', { timeoutMs: 10_000 });
    expect(fake.createRequests).toBe(1);
    expect(fake.messages).toHaveLength(1);
    expect(await message(id)).toEqual(expect.objectContaining({ provider_sid: fake.messages[0]!.sid }));
    expect((await job(id)).status).toBe('succeeded');
  }, 30_000);

  it('reconciles a text whose final callback never came from the provider record', async () => {
    const clock = createManualClock(new Date());
    const reconciling = createTestServices(db, {
      clock,
      smsSender: createTwilioSmsSender({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url }),
    });
    const id = await reconciling.messaging.queueOutbound(clinicId, { to: PATIENT, body: 'Lost callback', kind: 'staff', idempotencyKey: 'reconcile' });
    await runQueuedJobs(reconciling);
    fake.setStatus(fake.messages[0]!.sid, 'delivered');
    expect(await reconciling.messaging.reconcile()).toEqual({ checked: 0, updated: 0 });
    await db.query(`UPDATE messages SET updated_at = now() - interval '20 minutes' WHERE id = $1`, [id]);
    expect(await reconciling.messaging.reconcile()).toEqual({ checked: 1, updated: 1 });
    expect((await message(id)).status).toBe('delivered');
  });
});
