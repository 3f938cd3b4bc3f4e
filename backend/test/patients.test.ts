import request from 'supertest';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

const NOW = new Date('2030-01-07T10:07:00Z');

type Patient = { id: string; name: string | null; phone: string; email: string | null; smsOptedOut: boolean; createdAt: string };

describe('patients', () => {
  const { app, deps } = createTestApp(db, {}, { clock: { now: () => NOW } });
  const { patients, scheduling } = deps.services;
  let demoId: string;
  let northsideId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideToken: string;

  async function login(email: string, password: string): Promise<string> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    return response.body.token as string;
  }

  const list = (query: string, token = ownerToken, clinicId = demoId) =>
    request(app).get(`/api/v1/clinics/${clinicId}/patients${query}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    ownerToken = await login('owner@demo.clinic', 'demo-owner-pass');
    staffToken = await login('staff@demo.clinic', 'demo-staff-pass');
    northsideToken = await login('owner@northside.clinic', 'demo-owner-pass');
  });

  it('finds or creates one patient per number, atomically, keeping known details', async () => {
    const created = await Promise.all(
      ['07700 900123', '+44 7700 900123', '+447700900123', '0044 7700 900 123'].map((phone) =>
        patients.findOrCreateByPhone(demoId, phone),
      ),
    );
    expect(new Set(created.map((patient) => patient.id)).size).toBe(1);
    expect(created[0]!.phone).toBe('+447700900123');
    const named = await patients.findOrCreateByPhone(demoId, '07700 900123', { name: 'Jane Doe', email: 'jane@example.test' });
    expect(named).toMatchObject({ id: created[0]!.id, name: 'Jane Doe', email: 'jane@example.test' });
    const again = await patients.findOrCreateByPhone(demoId, '07700900123');
    expect(again.name).toBe('Jane Doe');
    expect((await patients.findByPhone(demoId, '07700 900123'))?.id).toBe(created[0]!.id);
    expect(await patients.findByPhone(northsideId, '07700 900123')).toBeUndefined();
    await expect(patients.findOrCreateByPhone(demoId, '123')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the same number in two clinics as two patients', async () => {
    const demo = await patients.findOrCreateByPhone(demoId, '+447700900124', { name: 'Demo Person' });
    const northside = await patients.findOrCreateByPhone(northsideId, '+447700900124', { name: 'Northside Person' });
    expect(northside.id).not.toBe(demo.id);
  });

  it('lists and searches patients of the clinic only', async () => {
    const all = await list('', staffToken);
    expect(all.status).toBe(200);
    const items = all.body.items as Patient[];
    expect(items.map((patient) => patient.phone).sort()).toEqual(['+447700900123', '+447700900124']);
    expect(Object.keys(items[0]!).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'phone', 'smsOptedOut']);
    expect(((await list('?q=jane')).body.items as Patient[]).map((patient) => patient.name)).toEqual(['Jane Doe']);
    expect(((await list('?q=900124')).body.items as Patient[]).map((patient) => patient.name)).toEqual(['Demo Person']);
    expect(((await list('?q=Northside')).body.items as Patient[])).toEqual([]);
    expect((await list('?limit=1')).body.items).toHaveLength(1);
    expect((await list('?limit=1000')).status).toBe(400);
    const fromNorthside = (await list('', northsideToken, northsideId)).body.items as Patient[];
    expect(fromNorthside.map((patient) => patient.name)).toEqual(['Northside Person']);
    expect((await list('', northsideToken)).status).toBe(404);
  });

  it('summarises a patient: returning or not, and the next appointment', async () => {
    const patient = await patients.findOrCreateByPhone(demoId, '+447700900125', { name: 'New Patient' });
    expect(await patients.getPatientSummary(demoId, patient.id)).toEqual({
      id: patient.id,
      name: 'New Patient',
      phone: '+447700900125',
      isReturning: false,
    });
    const serviceId = (await scheduling.listServices(demoId)).find((service) => service.name === 'HydraFacial')!.id;
    const { appointment } = await scheduling.book(demoId, { patientId: patient.id, serviceId, startsAt: new Date('2030-01-09T09:00:00Z'), source: 'voice' });
    await db.query(
      `INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at, status)
       VALUES ($1, $2, $3, $4, '2029-12-02T10:00:00Z', '2029-12-02T11:00:00Z', 'completed')`,
      [demoId, patient.id, serviceId, appointment.practitioner.id],
    );
    expect(await patients.getPatientSummary(demoId, patient.id)).toEqual({
      id: patient.id,
      name: 'New Patient',
      phone: '+447700900125',
      isReturning: true,
      nextAppointment: {
        id: appointment.id,
        startsAt: '2030-01-09T09:00:00.000Z',
        serviceId,
        serviceName: 'HydraFacial',
        practitionerName: 'Sophie Lane',
        status: 'booked',
      },
    });
    await expect(patients.getPatientSummary(northsideId, patient.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
