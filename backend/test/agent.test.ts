import type { Express } from 'express';
import request from 'supertest';
import { loadClinicProfile } from '../src/modules/conversation/conversation.repo';
import { parseVapiMessage } from '../src/modules/vapi/vapi.messages';
import type { Services } from '../src/services';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { makeClinic, makeUser } from './support/factories';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();

type Snapshot = { settings: Record<string, unknown>; hours: { weekday: number; opens_at: string; closes_at: string }[] };

describe('agent settings API', () => {
  let app: Express;
  let services: Services;
  let demoId: string;
  let northsideId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideToken: string;
  let ownerUserId: string;
  const snapshots = new Map<string, Snapshot>();

  async function login(email: string, password: string): Promise<{ token: string; userId: string }> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return { token: response.body.token as string, userId: response.body.user.id as string };
  }

  const getAgent = (clinicId: string, token = ownerToken) =>
    request(app).get(`/api/v1/clinics/${clinicId}/agent`).set('Authorization', `Bearer ${token}`);
  const patchAgent = (clinicId: string, body: unknown, token = ownerToken) =>
    request(app).patch(`/api/v1/clinics/${clinicId}/agent`).set('Authorization', `Bearer ${token}`).send(body as object);

  async function snapshot(clinicId: string): Promise<Snapshot> {
    const clinic = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM clinics WHERE id = $1', [clinicId]);
    const hours = await db.query<Snapshot['hours'][number]>(
      'SELECT weekday, opens_at::text, closes_at::text FROM opening_hours WHERE clinic_id = $1 ORDER BY weekday, opens_at',
      [clinicId],
    );
    return { settings: clinic.rows[0]!.settings, hours: hours.rows };
  }

  async function restore(clinicId: string, state: Snapshot): Promise<void> {
    await db.query('UPDATE clinics SET settings = $2::jsonb WHERE id = $1', [clinicId, JSON.stringify(state.settings)]);
    await db.query('DELETE FROM opening_hours WHERE clinic_id = $1', [clinicId]);
    for (const hour of state.hours) {
      await db.query('INSERT INTO opening_hours (clinic_id, weekday, opens_at, closes_at) VALUES ($1, $2, $3, $4)', [
        clinicId,
        hour.weekday,
        hour.opens_at,
        hour.closes_at,
      ]);
    }
    // Written behind the API's back, as an admin's SQL would be: tell the configuration cache.
    await services.clinicConfig.changed(clinicId);
  }

  beforeAll(async () => {
    ({ app, deps: { services } } = createTestApp(db));
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    ({ token: ownerToken, userId: ownerUserId } = await login('owner@demo.clinic', 'demo-owner-pass'));
    ({ token: staffToken } = await login('staff@demo.clinic', 'demo-staff-pass'));
    ({ token: northsideToken } = await login('owner@northside.clinic', 'demo-owner-pass'));
    for (const id of [demoId, northsideId]) snapshots.set(id, await snapshot(id));
  });

  beforeEach(async () => {
    for (const [id, state] of snapshots) await restore(id, state);
    await db.query('DELETE FROM audit_log');
    await db.query('DELETE FROM vapi_assistant_syncs');
    await db.query(`DELETE FROM jobs WHERE kind = 'vapi.sync'`);
  });

  afterAll(() => db.close());

  it('reads the seeded settings, the opening hours and the sync status', async () => {
    const response = await getAgent(demoId, staffToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: 'Ava',
      firstMessage: expect.stringContaining('Harley Street Aesthetics'),
      voice: { provider: 'azure', voiceId: 'en-GB-SoniaNeural' },
      instructions: expect.stringContaining('free consultation'),
      safeMode: true,
      recordingEnabled: true,
      onCallNumber: '+447700900123',
      emergencyLine: '+447700900123',
      languages: ['English', 'Spanish', 'Hindi'],
      reminders: { dayBefore: true, twoHoursBefore: false },
      alerts: { notifyOwnerOfBookings: false, textOnCallForEmergencies: true },
      openingHours: [
        { weekday: 1, opensAt: '09:00', closesAt: '18:00' },
        { weekday: 2, opensAt: '09:00', closesAt: '18:00' },
        { weekday: 3, opensAt: '09:00', closesAt: '18:00' },
        { weekday: 4, opensAt: '09:00', closesAt: '18:00' },
        { weekday: 5, opensAt: '09:00', closesAt: '18:00' },
        { weekday: 6, opensAt: '10:00', closesAt: '14:00' },
      ],
      publicEmergencyNumber: '999',
      vapiSync: {
        isEnabled: false,
        status: 'disabled',
        assistantId: null,
        lastSyncedAt: null,
        lastError: null,
        message: expect.stringContaining('VAPI_API_KEY not set'),
      },
    });
  });

  it('fills in defaults for a clinic that never saved any settings', async () => {
    const clinic = await makeClinic(db);
    const owner = await makeUser(db, { memberships: [{ clinicId: clinic.id, role: 'owner' }] });
    const { token } = await login(owner.email, owner.password);
    const response = await getAgent(clinic.id, token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Ava',
      firstMessage: null,
      safeMode: true,
      recordingEnabled: true,
      onCallNumber: null,
      emergencyLine: null,
      languages: ['English'],
      openingHours: [],
      vapiSync: { status: 'disabled' },
    });
  });

  it('applies a partial change, normalises phone numbers, replaces the hours and audits field names only', async () => {
    const response = await patchAgent(demoId, {
      name: 'Bella',
      onCallNumber: '07700 900456',
      reminders: { twoHoursBefore: true },
      openingHours: [
        { weekday: 1, opensAt: '08:30', closesAt: '12:00' },
        { weekday: 1, opensAt: '13:00', closesAt: '17:30' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Bella',
      voice: { provider: 'azure', voiceId: 'en-GB-SoniaNeural' },
      onCallNumber: '+447700900456',
      emergencyLine: '+447700900123',
      reminders: { dayBefore: true, twoHoursBefore: true },
      openingHours: [
        { weekday: 1, opensAt: '08:30', closesAt: '12:00' },
        { weekday: 1, opensAt: '13:00', closesAt: '17:30' },
      ],
      vapiSync: { status: 'disabled' },
    });
    expect((await getAgent(demoId)).body).toEqual(response.body);

    // The conversation engine reads the same stored settings.
    expect(await loadClinicProfile(db, demoId)).toMatchObject({ onCallNumber: '+447700900456', safeMode: true });

    const audit = await db.query<{ action: string; actor_user_id: string; entity_id: string; data: { fields: string[] } }>(
      'SELECT action, actor_user_id, entity_id, data FROM audit_log WHERE clinic_id = $1',
      [demoId],
    );
    expect(audit.rows).toEqual([
      { action: 'agent.updated', actor_user_id: ownerUserId, entity_id: demoId, data: { fields: ['name', 'onCallNumber', 'openingHours', 'reminders'] } },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('900456');

    // No Vapi key: nothing is queued, the skip is recorded.
    const jobs = await db.query(`SELECT id FROM jobs WHERE kind = 'vapi.sync'`);
    expect(jobs.rows).toEqual([]);
    const sync = await db.query('SELECT status, settings_revision FROM vapi_assistant_syncs WHERE clinic_id = $1', [demoId]);
    expect(sync.rows).toEqual([{ status: 'disabled', settings_revision: '1' }]);
  });

  it('keeps settings it does not manage and clears nullable fields', async () => {
    const response = await patchAgent(northsideId, { firstMessage: null, onCallNumber: null, safeMode: false, recordingEnabled: false }, northsideToken);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ firstMessage: null, onCallNumber: null, safeMode: false, recordingEnabled: false });
    const { rows } = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM clinics WHERE id = $1', [northsideId]);
    expect(rows[0]!.settings).toMatchObject({ outOfHoursAdvice: 'NHS 111', safeMode: false, recordingNotice: false });
    expect(rows[0]!.settings).not.toHaveProperty('onCallNumber');
    expect((rows[0]!.settings.agent as Record<string, unknown>).firstMessage).toBeUndefined();
  });

  const invalidBodies: [string, unknown][] = [
    ['an empty body', {}],
    ['an unknown field', { name: 'Bella', prompt: 'be nice' }],
    ['a number that is not a phone number', { onCallNumber: 'call reception' }],
    ['an unknown voice provider', { voice: { provider: 'robot', voiceId: 'x' } }],
    ['overlapping opening periods', { openingHours: [{ weekday: 2, opensAt: '09:00', closesAt: '13:00' }, { weekday: 2, opensAt: '12:00', closesAt: '17:00' }] }],
    ['a period that closes before it opens', { openingHours: [{ weekday: 2, opensAt: '18:00', closesAt: '09:00' }] }],
    ['a weekday out of range', { openingHours: [{ weekday: 8, opensAt: '09:00', closesAt: '17:00' }] }],
    ['an empty name', { name: '  ' }],
    ['a greeting too long to say', { firstMessage: 'Hello. '.repeat(200) }],
    ['an unknown reminder', { reminders: { weekBefore: true } }],
  ];

  it.each(invalidBodies)('refuses %s with 400 and changes nothing', async (_label, body) => {
    const before = await snapshot(demoId);
    const response = await patchAgent(demoId, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(await snapshot(demoId)).toEqual(before);
    const audit = await db.query('SELECT id FROM audit_log');
    expect(audit.rows).toEqual([]);
  });

  it('lets staff read but not change the agent', async () => {
    expect((await getAgent(demoId, staffToken)).status).toBe(200);
    const response = await patchAgent(demoId, { name: 'Staffie' }, staffToken);
    expect(response.status).toBe(403);
    expect((await getAgent(demoId)).body.name).toBe('Ava');
  });

  it("answers 404 for another clinic's agent, read or write", async () => {
    expect((await getAgent(demoId, northsideToken)).status).toBe(404);
    const response = await patchAgent(demoId, { name: 'Hijack' }, northsideToken);
    expect(response.status).toBe(404);
    expect((await getAgent(demoId)).body.name).toBe('Ava');
  });

  describe('assistantForCall', () => {
    it('builds the assistant from local data and greets a returning patient by name', async () => {
      await db.query(`INSERT INTO patients (clinic_id, phone_e164, name) VALUES ($1, '+447700900777', 'Olivia Brown')`, [demoId]);
      const assistant = await services.vapiAssistants.assistantForCall({ clinicId: demoId, callerNumber: '+447700900777' });
      expect(assistant.firstMessage).toMatch(/^Hello Olivia, thank you for calling Harley Street Aesthetics\./);
      expect(assistant.metadata).toEqual({ clinicId: demoId });
      expect(assistant.serverMessages).toContain('transcript');
      const prompt = (assistant.model as { messages: { content: string }[] }).messages[0]!.content;
      expect(prompt).toContain('- Lip filler (1 ml): 45 minutes, £280, deposit £50');
      expect(prompt).toContain('- Saturday: 10:00–14:00');
      expect(prompt).toContain('returning patient named Olivia');
      const tools = (assistant.model as { tools: { type: string; destinations?: { number: string }[] }[] }).tools;
      expect(tools.find((tool) => tool.type === 'transferCall')?.destinations?.[0]?.number).toBe('+447700900123');
      // A number in the clinic's national format is the same caller.
      const national = await services.vapiAssistants.assistantForCall({ clinicId: demoId, callerNumber: '07700 900777' });
      expect(national.firstMessage).toMatch(/^Hello Olivia,/);
    });

    it('does not greet an unknown caller, nor a patient of another clinic, by name', async () => {
      await db.query(`INSERT INTO patients (clinic_id, phone_e164, name) VALUES ($1, '+447700900778', 'Noah Green')`, [northsideId]);
      const assistant = await services.vapiAssistants.assistantForCall({ clinicId: demoId, callerNumber: '+447700900778' });
      expect(assistant.firstMessage).toMatch(/^Hello, thank you for calling/);
      expect(JSON.stringify(assistant)).not.toContain('Noah');
    });

    it('answers NOT_FOUND for a clinic that does not exist', async () => {
      await expect(services.vapiAssistants.assistantForCall({ clinicId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('reflects saved settings on the next call', async () => {
      await patchAgent(demoId, { name: 'Bella', firstMessage: 'Welcome to Harley Street Aesthetics. How may I help?' });
      const assistant = await services.vapiAssistants.assistantForCall({ clinicId: demoId });
      expect(assistant.firstMessage).toBe(
        "Welcome to Harley Street Aesthetics. I'm Bella, the clinic's AI assistant. This call may be recorded. How may I help?",
      );
    });
  });

  it('a saved change reaches the next availability answer, transfer and assistant at once, though all are cached', async () => {
    const [service] = await services.scheduling.listServices(demoId);
    // Monday 2030-01-07, Europe/London (UTC in winter); the seeded hours open the whole working day.
    const monday = { serviceId: service!.id, from: new Date('2030-01-07T00:00:00Z'), to: new Date('2030-01-08T00:00:00Z'), limit: 200 };
    const before = await services.scheduling.findAvailability(demoId, monday);
    expect(before.some((slot) => slot.startsAt >= '2030-01-07T12:00:00.000Z')).toBe(true);
    const transferNumber = async () => {
      const parsed = parseVapiMessage({ message: { type: 'transfer-destination-request', call: { id: 'call-agent-cache', phoneNumberId: 'pn_demo' }, phoneNumber: { number: '+442079460000' } } });
      if (!parsed.ok) throw new Error(parsed.reason);
      const { body } = await services.vapi.handle(parsed.message, Buffer.from('{}'));
      return (body.destination as { number?: string } | undefined)?.number;
    };
    const numberBefore = await transferNumber();
    const assistantName = async () => {
      const assistant = await services.vapiAssistants.assistantForCall({ clinicId: demoId, callerNumber: '+447700900123' });
      return assistant.name;
    };
    const nameBefore = await assistantName();

    expect(
      (await patchAgent(demoId, { name: 'Quinn', onCallNumber: '07700 900777', openingHours: [{ weekday: 1, opensAt: '09:00', closesAt: '10:00' }] })).status,
    ).toBe(200);

    const after = await services.scheduling.findAvailability(demoId, monday);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((slot) => slot.startsAt >= '2030-01-07T09:00:00.000Z' && slot.endsAt <= '2030-01-07T10:00:00.000Z')).toBe(true);
    expect(numberBefore).not.toBe('+447700900777');
    expect(await transferNumber()).toBe('+447700900777');
    expect(nameBefore).not.toMatch(/^Quinn /);
    expect(await assistantName()).toMatch(/^Quinn – /);
  });
});
