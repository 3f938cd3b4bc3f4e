import request from 'supertest';
import type { AssistantSync } from '../src/modules/vapi/vapi-sync';
import { loginAs, setUpDemo } from './support/demo-setup';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

type ServiceBody = { id: string; name: string; priceMinor: number | null; depositMinor: number; durationMinutes: number; isActive: boolean; practitioners: { id: string }[] };

describe('editing services and prices', () => {
  // Enabled, so a change must queue the push of the assistant (whose prompt lists the prices).
  const assistantSync: AssistantSync = {
    isEnabled: true,
    saveAssistant: () => Promise.resolve({ assistantId: 'asst_test' }),
    pointPhoneNumber: () => Promise.resolve(),
  };
  const { app, deps } = createTestApp(db, {}, { assistantSync });
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: true }));
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = (body: object, token = ownerToken, clinicId = demoId) => request(app).post(`/api/v1/clinics/${clinicId}/services`).set(as(token)).send(body);
  const patch = (serviceId: string, body: object, token = ownerToken, clinicId = demoId) =>
    request(app).patch(`/api/v1/clinics/${clinicId}/services/${serviceId}`).set(as(token)).send(body);
  const list = (query = '') => request(app).get(`/api/v1/clinics/${demoId}/services${query}`).set(as(ownerToken));
  const preview = (text: string) => request(app).post(`/api/v1/clinics/${demoId}/assistant/preview`).set(as(ownerToken)).send({ text, channel: 'voice' });
  const availability = (serviceId: string) => request(app).get(`/api/v1/clinics/${demoId}/availability`).query({ serviceId }).set(as(ownerToken));

  it('creates a service every practitioner performs, bookable at once, audited, with the assistant re-synced', async () => {
    const { rows: before } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'vapi.sync'`);
    const response = await create({ name: 'Zebra peel', durationMinutes: 45, priceMinor: 12_550, depositMinor: 2_000 });
    expect(response.status).toBe(201);
    expect(response.headers.location).toContain(`/services/${response.body.id}`);
    const created = response.body as ServiceBody;
    expect(created).toMatchObject({ name: 'Zebra peel', durationMinutes: 45, priceMinor: 12_550, depositMinor: 2_000, currency: 'GBP', isActive: true, description: null });
    const { rows: practitioners } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM practitioners WHERE clinic_id = $1 AND is_active', [demoId]);
    expect(created.practitioners).toHaveLength(practitioners[0]!.n);

    expect((await list()).body.items.map((service: ServiceBody) => service.name)).toContain('Zebra peel');
    const slots = await availability(created.id);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);

    const { rows: audit } = await db.query('SELECT action, entity_type, data FROM audit_log WHERE clinic_id = $1 AND entity_id = $2', [demoId, created.id]);
    expect(audit).toEqual([{ action: 'service.created', entity_type: 'service', data: { fields: ['depositMinor', 'durationMinutes', 'name', 'priceMinor'] } }]);
    const { rows: after } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'vapi.sync'`);
    expect(after[0]!.n).toBeGreaterThanOrEqual(Math.max(1, before[0]!.n));
    const { rows: sync } = await db.query('SELECT status FROM vapi_assistant_syncs WHERE clinic_id = $1', [demoId]);
    expect(sync).toEqual([{ status: 'pending' }]);
  });

  it('quotes the new price at once after a change (the cached services are forgotten)', async () => {
    const zebra = (await list()).body.items.find((service: ServiceBody) => service.name === 'Zebra peel') as ServiceBody;
    expect((await preview('How much is the zebra peel?')).body.reply).toContain('£125.50');
    const changed = await patch(zebra.id, { priceMinor: 13_900, durationMinutes: 50 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ priceMinor: 13_900, durationMinutes: 50, depositMinor: 2_000 });
    const answer = (await preview('How much is the zebra peel?')).body.reply as string;
    expect(answer).toContain('£139');
    expect(answer).toContain('50 minutes');
    expect(answer).toContain('£20 deposit');
    // Price on consultation.
    expect((await patch(zebra.id, { priceMinor: null, depositMinor: 0 })).body.priceMinor).toBeNull();
    expect((await preview('What does the zebra peel cost?')).body.reply).toMatch(/zebra peel is priced at a consultation/i);
  });

  it('answers 409 CONFLICT for a name the clinic already uses, on create and on rename', async () => {
    const duplicate = await create({ name: 'HydraFacial', durationMinutes: 30, priceMinor: 100 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    expect(duplicate.body.error.details).toEqual([expect.objectContaining({ path: 'name' })]);
    const zebra = (await list()).body.items.find((service: ServiceBody) => service.name === 'Zebra peel') as ServiceBody;
    expect((await patch(zebra.id, { name: 'HydraFacial' })).status).toBe(409);
  });

  it('validates input with details', async () => {
    const invalid = await create({ name: ' ', durationMinutes: 3, priceMinor: -1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_INPUT');
    expect(invalid.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['durationMinutes', 'name', 'priceMinor']);
    expect((await create({ name: 'Long', durationMinutes: 601, priceMinor: 0 })).status).toBe(400);
    expect((await create({ name: 'Deposit', durationMinutes: 30, priceMinor: 1_000, depositMinor: 2_000 })).body.error.details).toEqual([
      expect.objectContaining({ path: 'depositMinor' }),
    ]);
    expect((await create({ name: 'Stranger', durationMinutes: 30, priceMinor: 0, practitionerIds: ['00000000-0000-4000-8000-000000000000'] })).body.error.details).toEqual([
      expect.objectContaining({ path: 'practitionerIds.0' }),
    ]);
    const zebra = (await list()).body.items.find((service: ServiceBody) => service.name === 'Zebra peel') as ServiceBody;
    expect((await patch(zebra.id, {})).status).toBe(400);
    expect((await patch(zebra.id, { priceMinor: 1_000, depositMinor: 5_000 })).status).toBe(400);
    expect((await patch(zebra.id, { unknown: true })).status).toBe(400);
  });

  it('forbids staff (403) and hides other clinics’ services (404)', async () => {
    const staffToken = await loginAs(app, 'staff@demo.clinic', 'demo-staff-pass');
    const zebra = (await list()).body.items.find((service: ServiceBody) => service.name === 'Zebra peel') as ServiceBody;
    expect((await create({ name: 'Staff peel', durationMinutes: 30, priceMinor: 0 }, staffToken)).status).toBe(403);
    expect((await patch(zebra.id, { priceMinor: 1 }, staffToken)).status).toBe(403);

    const northsideId = await clinicIdBySlug(db, 'northside');
    const northsideToken = await loginAs(app, 'owner@northside.clinic');
    // Northside's owner, on Northside, cannot reach the demo clinic's service by its id.
    expect((await patch(zebra.id, { priceMinor: 1 }, northsideToken, northsideId)).status).toBe(404);
    expect((await patch('not-a-uuid', { priceMinor: 1 })).status).toBe(404);
    // Nor the demo clinic at all.
    expect((await create({ name: 'Intruder', durationMinutes: 30, priceMinor: 0 }, northsideToken)).status).toBe(404);
    expect((await list()).body.items.find((service: ServiceBody) => service.id === zebra.id).priceMinor).toBeNull();
  });

  it('creates a service for chosen practitioners only', async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM practitioners WHERE clinic_id = $1 ORDER BY name LIMIT 1', [demoId]);
    const response = await create({ name: 'Solo peel', durationMinutes: 30, priceMinor: 5_000, practitionerIds: [rows[0]!.id] });
    expect(response.status).toBe(201);
    expect(response.body.practitioners.map((practitioner: { id: string }) => practitioner.id)).toEqual([rows[0]!.id]);
  });

  it('retires a service: no longer listed, offered or bookable, still listed for owners with includeInactive; restores it', async () => {
    const zebra = (await list()).body.items.find((service: ServiceBody) => service.name === 'Zebra peel') as ServiceBody;
    const retired = await patch(zebra.id, { isActive: false });
    expect(retired.status).toBe(200);
    expect(retired.body.isActive).toBe(false);
    expect((await list()).body.items.map((service: ServiceBody) => service.id)).not.toContain(zebra.id);
    const all = (await list('?includeInactive=true')).body.items as ServiceBody[];
    expect(all.find((service) => service.id === zebra.id)).toMatchObject({ isActive: false });
    expect((await list('?includeInactive=maybe')).status).toBe(400);
    expect((await availability(zebra.id)).status).toBe(404);
    const booking = await preview('I would like to book a zebra peel');
    expect(booking.body.reply).not.toMatch(/zebra/i);
    expect((await preview('How much is the zebra peel?')).body.reply).not.toMatch(/zebra peel is/i);
    const { rows } = await db.query('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY created_at DESC LIMIT 1', [zebra.id]);
    expect(rows).toEqual([{ action: 'service.retired' }]);

    expect((await patch(zebra.id, { isActive: true })).body.isActive).toBe(true);
    expect((await availability(zebra.id)).status).toBe(200);
  });
});
