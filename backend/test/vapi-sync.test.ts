import type { Express } from 'express';
import request from 'supertest';
import { createVapiAssistantSync, type AssistantSync } from '../src/modules/vapi/vapi-sync';
import type { Services } from '../src/services';
import { startFakeVapiServer, type FakeVapiServer } from './fakes/fake-vapi-server';
import { makeClinic, makeUser, type TestClinic } from './support/factories';
import { createManualClock, type ManualClock } from './support/job-testing';
import { runQueuedJobs } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase } from './support/test-db';

const db = createTestDb();
const PUBLIC_BASE_URL = 'https://voxanne.example.com';
const WEBHOOK_SECRET = 'sync-test-secret';
const WEBHOOK_URL = `${PUBLIC_BASE_URL}/webhooks/vapi`;
// The SDK leaves its request timer running when a connection drops; a short one ends before the suite.
const TIMEOUT_SECONDS = 1;

type JobRow = { status: string; attempts: number; last_error: string | null; run_at: Date };

describe('Vapi assistant sync through @vapi-ai/server-sdk', () => {
  let fake: FakeVapiServer;
  let clock: ManualClock;
  let services: Services;
  let clinic: TestClinic;
  let ownerId: string;

  function servicesWith(assistantSync: AssistantSync | undefined): Services {
    return createTestApp(db, {}, {
      clock,
      vapi: { publicBaseUrl: PUBLIC_BASE_URL, webhookSecret: WEBHOOK_SECRET },
      ...(assistantSync ? { assistantSync } : {}),
    }).deps.services;
  }

  const save = (patch: Parameters<Services['agent']['updateAgent']>[2], on: Services = services) => on.agent.updateAgent(clinic.id, ownerId, patch);
  const syncStatus = async () => (await services.agent.getAgent(clinic.id)).vapiSync;

  async function syncJob(): Promise<JobRow> {
    const { rows } = await db.query<JobRow>(`SELECT status, attempts, last_error, run_at FROM jobs WHERE kind = 'vapi.sync'`);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  /** Moves the clock past the job's retry time, so the next drain runs it. */
  async function reachRetry(): Promise<void> {
    clock.set(new Date((await syncJob()).run_at.getTime() + 1));
  }

  beforeAll(async () => {
    fake = await startFakeVapiServer();
  });

  beforeEach(async () => {
    await resetDatabase(db);
    fake.reset();
    clock = createManualClock();
    services = servicesWith(createVapiAssistantSync({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, timeoutSeconds: TIMEOUT_SECONDS }));
    clinic = await makeClinic(db, { name: 'Sync Test Clinic' });
    ownerId = (await makeUser(db, { memberships: [{ clinicId: clinic.id, role: 'owner' }] })).id;
    await db.query(`INSERT INTO clinic_phone_numbers (clinic_id, e164, vapi_phone_number_id) VALUES ($1, '+442079460999', 'pn_sync')`, [clinic.id]);
    fake.addPhoneNumber({ id: 'pn_sync', provider: 'twilio', number: '+442079460999', assistantId: undefined });
  });

  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('creates the assistant on the first save, updates it on the next, and points the number at our webhook', async () => {
    const saved = await save({ name: 'Bella' });
    expect(saved.vapiSync).toMatchObject({ isEnabled: true, status: 'pending', assistantId: null });
    await runQueuedJobs(services);

    const created = fake.requestsTo('POST /assistant');
    expect(created).toHaveLength(1);
    expect(created[0]!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    const body = created[0]!.body as Record<string, unknown> & { model: { tools: { server?: { url: string } }[] } };
    expect(body).toMatchObject({ name: 'Bella – Sync Test Clinic', metadata: { clinicId: clinic.id }, server: { url: WEBHOOK_URL } });
    expect(body.serverMessages).toContain('transcript');
    expect(body.firstMessage).toMatch(/AI assistant/);
    expect(body.model.tools.filter((tool) => tool.server).every((tool) => tool.server!.url === WEBHOOK_URL)).toBe(true);

    const [assistantId] = [...fake.assistants.keys()];
    expect(await syncStatus()).toMatchObject({ status: 'synced', assistantId, lastError: null, lastSyncedAt: clock.now().toISOString() });

    // The number keeps no assistant: Vapi asks us (assistant-request) on every call.
    const numberUpdate = fake.requestsTo('PATCH /phone-number/pn_sync');
    expect(numberUpdate).toHaveLength(1);
    expect(numberUpdate[0]!.body).toEqual({
      provider: 'twilio',
      server: { url: WEBHOOK_URL, timeoutSeconds: 20, headers: { 'X-Vapi-Secret': WEBHOOK_SECRET } },
    });
    expect(fake.phoneNumbers.get('pn_sync')).toMatchObject({ server: { url: WEBHOOK_URL } });
    expect(fake.phoneNumbers.get('pn_sync')?.assistantId).toBeUndefined();

    await save({ name: 'Cara' });
    await runQueuedJobs(services);
    expect(fake.requestsTo('POST /assistant')).toHaveLength(1);
    expect(fake.requestsTo(`PATCH /assistant/${assistantId}`)).toHaveLength(1);
    expect(fake.assistants.get(assistantId!)).toMatchObject({ name: 'Cara – Sync Test Clinic' });
    expect(await syncStatus()).toMatchObject({ status: 'synced', assistantId });
  });

  it('records a 5xx as failed with a readable error, then the retry succeeds', async () => {
    fake.failNext({ route: 'POST /assistant', status: 503, body: { message: 'Service Unavailable' } });
    await save({ name: 'Bella' });
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'failed', lastError: 'Vapi answered 503 to the assistant creation: Service Unavailable' });
    expect(await syncJob()).toMatchObject({ status: 'queued', attempts: 1 });

    await reachRetry();
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'synced', lastError: null });
    expect(await syncJob()).toMatchObject({ status: 'succeeded' });
    expect(fake.assistants.size).toBe(1);
  });

  it('retries after a dropped connection without creating a second assistant', async () => {
    fake.failNext({ route: 'PATCH /phone-number', status: 'drop' });
    await save({ name: 'Bella' });
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^Could not reach Vapi for the update of phone number pn_sync/) });

    await reachRetry();
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'synced' });
    expect(fake.requestsTo('POST /assistant')).toHaveLength(1);
    expect(fake.assistants.size).toBe(1);
  });

  it('gives up at once on a 4xx and says what to check; saving again tries again', async () => {
    const badKey = servicesWith(createVapiAssistantSync({ apiKey: 'wrong-key', baseUrl: fake.baseUrl, timeoutSeconds: TIMEOUT_SECONDS }));
    await save({ name: 'Bella' }, badKey);
    await runQueuedJobs(badKey);
    expect((await badKey.agent.getAgent(clinic.id)).vapiSync).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^Vapi answered 401 to the assistant creation \(check VAPI_API_KEY\)/),
    });
    expect(await syncJob()).toMatchObject({ status: 'dead', attempts: 1 });

    await save({ name: 'Cara' });
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'synced' });
  });

  it('creates a new assistant when the saved one was deleted in Vapi', async () => {
    await save({ name: 'Bella' });
    await runQueuedJobs(services);
    const [first] = [...fake.assistants.keys()];
    fake.assistants.clear();

    await save({ name: 'Cara' });
    await runQueuedJobs(services);
    const [second] = [...fake.assistants.keys()];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await syncStatus()).toMatchObject({ status: 'synced', assistantId: second });
  });

  it('pushes a save that lands while a sync is running, and only then reports synced', async () => {
    const real = createVapiAssistantSync({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, timeoutSeconds: TIMEOUT_SECONDS });
    let hasSavedMidway = false;
    const savingMidway: AssistantSync = {
      isEnabled: true,
      async saveAssistant(input, signal) {
        const result = await real.saveAssistant(input, signal);
        if (!hasSavedMidway) {
          hasSavedMidway = true;
          await save({ name: 'Cara' });
        }
        return result;
      },
      pointPhoneNumber: (input, signal) => real.pointPhoneNumber(input, signal),
    };
    services = servicesWith(savingMidway);
    await save({ name: 'Bella' });
    await runQueuedJobs(services);

    const [assistantId] = [...fake.assistants.keys()];
    expect(fake.assistants.size).toBe(1);
    expect(fake.assistants.get(assistantId!)).toMatchObject({ name: 'Cara – Sync Test Clinic' });
    const { rows } = await db.query('SELECT status, settings_revision, synced_revision FROM vapi_assistant_syncs');
    expect(rows).toEqual([{ status: 'synced', settings_revision: '2', synced_revision: '2' }]);
  });

  it('queues the sync again when a save found the previous job still finishing', async () => {
    await save({ name: 'Bella' });
    await runQueuedJobs(services);
    // What that save leaves behind: a newer revision marked pending, and a job that already succeeded.
    await db.query(`UPDATE vapi_assistant_syncs SET status = 'pending', settings_revision = settings_revision + 1`);
    expect(await syncJob()).toMatchObject({ status: 'succeeded' });

    expect(await syncStatus()).toMatchObject({ status: 'pending' });
    expect(await syncJob()).toMatchObject({ status: 'queued' });
    await runQueuedJobs(services);
    expect(await syncStatus()).toMatchObject({ status: 'synced' });
    expect(fake.requestsTo('PATCH /assistant')).toHaveLength(1);
  });

  it('is skipped and reported when VAPI_API_KEY is not set', async () => {
    const withoutKey = servicesWith(undefined);
    const saved = await save({ name: 'Bella' }, withoutKey);
    expect(saved.vapiSync).toEqual({
      isEnabled: false,
      status: 'disabled',
      assistantId: null,
      lastSyncedAt: null,
      lastError: null,
      message: expect.stringContaining('VAPI_API_KEY not set'),
    });
    await runQueuedJobs(withoutKey);
    expect(fake.requests).toEqual([]);
    const { rows } = await db.query(`SELECT id FROM jobs WHERE kind = 'vapi.sync'`);
    expect(rows).toEqual([]);
  });

  it('reports sync status through the HTTP API', async () => {
    const { app } = createTestApp(db, { services }) as { app: Express };
    const owner = await makeUser(db, { memberships: [{ clinicId: clinic.id, role: 'owner' }] });
    const login = await request(app).post('/api/v1/auth/login').send({ email: owner.email, password: owner.password });
    const token = login.body.token as string;
    const patched = await request(app).patch(`/api/v1/clinics/${clinic.id}/agent`).set('Authorization', `Bearer ${token}`).send({ name: 'Bella' });
    expect(patched.status).toBe(200);
    expect(patched.body.vapiSync).toMatchObject({ isEnabled: true, status: 'pending' });
    await runQueuedJobs(services);
    const read = await request(app).get(`/api/v1/clinics/${clinic.id}/agent`).set('Authorization', `Bearer ${token}`);
    expect(read.body.vapiSync).toMatchObject({ status: 'synced', assistantId: expect.any(String) });
  });
});
