import request from 'supertest';
import { createInProcessBus } from '../src/platform/bus';
import { subscribeClinicEvents, type DomainEvent } from '../src/platform/events/domain-events';
import { seedDemoData } from '../src/seed/seed';
import { insertCall, insertCallAppointment, upsertPatient } from './support/call-fixtures';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

// Monday 7 January 2030, 10:07 in London (GMT, so local time equals UTC in January).
const NOW = new Date('2030-01-07T10:07:00Z');

type Slot = { startsAt: string; endsAt: string; practitionerId: string; practitionerName: string };
type Appointment = { id: string; startsAt: string; endsAt: string; status: string; practitioner: { id: string; name: string } };

describe('scheduling API', () => {
  const bus = createInProcessBus();
  const { app } = createTestApp(db, {}, { clock: { now: () => NOW }, bus });
  const events: DomainEvent[] = [];
  let demoId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideToken: string;
  let serviceIds: Map<string, string>;

  async function login(email: string, password: string): Promise<string> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    return response.body.token as string;
  }

  const get = (path: string, token = ownerToken, clinicId = demoId) =>
    request(app).get(`/api/v1/clinics/${clinicId}${path}`).set('Authorization', `Bearer ${token}`);
  const post = (body: object, token = ownerToken, clinicId = demoId) =>
    request(app).post(`/api/v1/clinics/${clinicId}/appointments`).set('Authorization', `Bearer ${token}`).send(body);
  const patch = (id: string, body: object, token = ownerToken, clinicId = demoId) =>
    request(app).patch(`/api/v1/clinics/${clinicId}/appointments/${id}`).set('Authorization', `Bearer ${token}`).send(body);

  function serviceId(name: string): string {
    const id = serviceIds.get(name);
    if (!id) throw new Error(`no service ${name}`);
    return id;
  }

  async function availability(service: string, from: string, to: string, extra = ''): Promise<Slot[]> {
    const response = await get(`/availability?serviceId=${serviceId(service)}&from=${from}&to=${to}&limit=500${extra}`);
    expect(response.status).toBe(200);
    return response.body.slots as Slot[];
  }

  async function auditActions(entityId: string): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [entityId]);
    return rows.map((row) => row.action);
  }

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    await subscribeClinicEvents(bus, demoId, (event) => {
      events.push(event);
    });
    ownerToken = await login('owner@demo.clinic', 'demo-owner-pass');
    staffToken = await login('staff@demo.clinic', 'demo-staff-pass');
    northsideToken = await login('owner@northside.clinic', 'demo-owner-pass');
    const services = await get('/services');
    expect(services.status).toBe(200);
    serviceIds = new Map((services.body.items as { id: string; name: string }[]).map((service) => [service.name, service.id]));
  });

  it('lists the services with durations and the practitioners who perform them', async () => {
    const response = await get('/services', staffToken);
    const peel = (response.body.items as { name: string; durationMinutes: number; practitioners: { name: string }[] }[]).find(
      (service) => service.name === 'Chemical peel',
    );
    expect(response.body.items).toHaveLength(14);
    expect(peel).toMatchObject({ durationMinutes: 45, practitioners: [{ name: 'Sophie Lane' }] });
  });

  it('offers only future slots inside opening hours, closed on Sunday, each as long as the service', async () => {
    const slots = await availability('Chemical peel', '2030-01-07T00:00:00Z', '2030-01-14T00:00:00Z');
    expect(slots[0]!.startsAt).toBe('2030-01-07T10:15:00.000Z');
    const days = new Set<number>();
    for (const slot of slots) {
      const start = new Date(slot.startsAt);
      const end = new Date(slot.endsAt);
      expect(start.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      expect(end.getTime() - start.getTime()).toBe(45 * 60_000);
      const day = start.getUTCDay();
      days.add(day);
      const [opens, closes] = day === 6 ? [10, 14] : [9, 18];
      expect(start.getUTCHours()).toBeGreaterThanOrEqual(opens);
      expect(end.getTime()).toBeLessThanOrEqual(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), closes));
    }
    expect([...days].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(slots.at(-1)!.startsAt).toBe('2030-01-12T13:15:00.000Z');
  });

  it('follows British Summer Time and filters by part of day', async () => {
    const slots = await availability('Free consultation', '2030-07-08T00:00:00Z', '2030-07-09T00:00:00Z', '&partOfDay=afternoon');
    expect(slots[0]!.startsAt).toBe('2030-07-08T11:00:00.000Z');
    expect(slots.at(-1)!.startsAt).toBe('2030-07-08T15:45:00.000Z');
    const morning = await availability('Free consultation', '2030-07-08T00:00:00Z', '2030-07-09T00:00:00Z', '&partOfDay=morning');
    expect(morning[0]!.startsAt).toBe('2030-07-08T08:00:00.000Z');
  });

  it('rejects an availability window longer than 31 days or a bad service', async () => {
    expect((await get(`/availability?serviceId=${serviceId('Chemical peel')}&from=2030-01-07T00:00:00Z&to=2030-02-20T00:00:00Z`)).status).toBe(400);
    expect((await get('/availability?serviceId=not-a-uuid')).status).toBe(400);
  });

  it('books a slot: 201, visible in the list, audited, and gone from availability', async () => {
    const response = await post({
      patientPhone: '07700 900111',
      patientName: 'Jane Doe',
      serviceId: serviceId('Chemical peel'),
      startsAt: '2030-01-08T10:00:00Z',
      notes: 'first visit',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      startsAt: '2030-01-08T10:00:00.000Z',
      endsAt: '2030-01-08T10:45:00.000Z',
      status: 'booked',
      source: 'staff',
      notes: 'first visit',
      callId: null,
      patient: { name: 'Jane Doe', phone: '+447700900111' },
      practitioner: { name: 'Sophie Lane' },
    });
    const list = await get('/appointments?from=2030-01-08T00:00:00Z&to=2030-01-09T00:00:00Z', staffToken);
    expect((list.body.items as Appointment[]).map((item) => item.id)).toEqual([response.body.id]);
    expect(await auditActions(response.body.id)).toEqual(['appointment.booked']);
    expect(events.filter((event) => event.type === 'appointment.created').map((event) => event.data)).toContainEqual(
      expect.objectContaining({ appointmentId: response.body.id, status: 'booked', startsAt: '2030-01-08T10:00:00.000Z' }),
    );
    const slots = await availability('Chemical peel', '2030-01-08T09:00:00Z', '2030-01-08T12:00:00Z');
    const starts = slots.map((slot) => slot.startsAt);
    expect(starts).toContain('2030-01-08T09:15:00.000Z');
    expect(starts).not.toContain('2030-01-08T09:30:00.000Z');
    expect(starts).not.toContain('2030-01-08T10:30:00.000Z');
    expect(starts).toContain('2030-01-08T10:45:00.000Z');
  });

  it('lets exactly one of 20 concurrent bookings of the same slot win; the others get the next slots', async () => {
    const attempts = Array.from({ length: 20 }, (_, index) =>
      post({
        patientPhone: `+4477009002${String(index).padStart(2, '0')}`,
        serviceId: serviceId('Chemical peel'),
        startsAt: '2030-01-09T11:00:00Z',
      }),
    );
    const responses = await Promise.all(attempts);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body.error.code).toBe('CONFLICT');
      const nextSlots = response.body.error.details.nextSlots as Slot[];
      expect(nextSlots.length).toBeGreaterThan(0);
      expect(nextSlots[0]!.startsAt).toBe('2030-01-09T11:45:00.000Z');
    }
    const { rows } = await db.query(
      "SELECT count(*)::int AS n FROM appointments WHERE clinic_id = $1 AND starts_at = '2030-01-09T11:00:00Z'",
      [demoId],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('books other practitioners for the same time when the service has several', async () => {
    const body = { patientPhone: '+447700900301', serviceId: serviceId('Free consultation'), startsAt: '2030-01-09T14:00:00Z' };
    const responses = await Promise.all([post(body), post(body), post(body), post(body)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 201, 201, 409]);
    const names = responses.filter((r) => r.status === 201).map((r) => (r.body as Appointment).practitioner.name);
    expect(names.sort()).toEqual(['Dr Amelia Hart', 'Nurse Priya Shah', 'Sophie Lane']);
  });

  it('refuses times in the past, outside hours, on Sunday, or across closing', async () => {
    const peel = serviceId('Chemical peel');
    for (const startsAt of ['2030-01-07T09:00:00Z', '2030-01-08T08:30:00Z', '2030-01-13T11:00:00Z', '2030-01-08T17:30:00Z']) {
      const response = await post({ patientPhone: '+447700900401', serviceId: peel, startsAt });
      expect(response.status).toBe(400);
      expect(response.body.error.details.nextSlots.length).toBeGreaterThan(0);
    }
  });

  it('returns the same appointment when a booking is retried with its idempotency key', async () => {
    const body = {
      patientPhone: '+447700900501',
      serviceId: serviceId('HydraFacial'),
      startsAt: '2030-01-10T09:00:00Z',
      idempotencyKey: 'call-123-book-1',
    };
    const first = await post(body);
    expect(first.status).toBe(201);
    const retries = await Promise.all([post(body), post(body), post(body, staffToken)]);
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
    }
    const { rows } = await db.query("SELECT count(*)::int AS n FROM appointments WHERE idempotency_key = 'call-123-book-1'");
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('names the call a voice booking was made on', async () => {
    const callId = await insertCall(db, demoId);
    const patientId = await upsertPatient(db, demoId, '+447700900555', 'Call Booker');
    const { id } = await insertCallAppointment(db, demoId, callId, { patientId, startsAt: new Date('2030-01-15T11:00:00Z') });
    const response = await get(`/appointments/${id}`, staffToken);
    expect(response.body).toMatchObject({ id, source: 'voice', callId });
    const list = await get('/appointments?from=2030-01-15T00:00:00Z&to=2030-01-16T00:00:00Z');
    expect((list.body.items as Array<{ id: string; callId: string | null }>).find((item) => item.id === id)?.callId).toBe(callId);
  });

  it('reschedules: moves the appointment, frees the old time, audits', async () => {
    const booked = await post({ patientPhone: '+447700900601', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-10T14:00:00Z' });
    const moved = await patch(booked.body.id, { startsAt: '2030-01-10T15:00:00Z' }, staffToken);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: booked.body.id, startsAt: '2030-01-10T15:00:00.000Z', endsAt: '2030-01-10T15:45:00.000Z' });
    const starts = (await availability('Chemical peel', '2030-01-10T14:00:00Z', '2030-01-10T16:00:00Z')).map((slot) => slot.startsAt);
    expect(starts).toContain('2030-01-10T14:00:00.000Z');
    expect(starts).not.toContain('2030-01-10T15:00:00.000Z');
    const clash = await post({ patientPhone: '+447700900602', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-10T15:30:00Z' });
    expect(clash.status).toBe(409);
    const blocked = await patch(booked.body.id, { startsAt: '2030-01-13T10:00:00Z' });
    expect(blocked.status).toBe(400);
    expect(await auditActions(booked.body.id)).toEqual(['appointment.booked', 'appointment.rescheduled']);
  });

  it('cancel frees the slot and cannot be undone; status changes follow the rules', async () => {
    const body = { patientPhone: '+447700900701', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-11T10:00:00Z' };
    const booked = await post(body);
    const confirmed = await patch(booked.body.id, { status: 'confirmed' });
    expect(confirmed.body.status).toBe('confirmed');
    const cancelled = await patch(booked.body.id, { status: 'cancelled' }, staffToken);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const revived = await patch(booked.body.id, { status: 'booked' });
    expect(revived.status).toBe(409);
    expect((await patch(booked.body.id, { startsAt: '2030-01-11T12:00:00Z' })).status).toBe(409);
    const rebooked = await post({ ...body, patientPhone: '+447700900702' });
    expect(rebooked.status).toBe(201);
    expect(await auditActions(booked.body.id)).toEqual(['appointment.booked', 'appointment.confirmed', 'appointment.cancelled']);
    const statuses = events.flatMap((event) =>
      event.type === 'appointment.updated' && event.data.appointmentId === booked.body.id ? [event.data.status] : [],
    );
    expect(statuses).toEqual(['confirmed', 'cancelled']);
    const cancelledOnly = await get('/appointments?from=2030-01-11T00:00:00Z&to=2030-01-12T00:00:00Z&status=cancelled');
    expect((cancelledOnly.body.items as Appointment[]).map((item) => item.id)).toEqual([booked.body.id]);
  });

  it("hides one clinic's appointments from another clinic's owner", async () => {
    const booked = await post({ patientPhone: '+447700900801', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-11T14:00:00Z' });
    expect((await get('/appointments', northsideToken)).status).toBe(404);
    expect((await patch(booked.body.id, { status: 'cancelled' }, northsideToken)).status).toBe(404);
    expect((await post({ patientPhone: '+447700900802', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-11T15:00:00Z' }, northsideToken)).status).toBe(404);
    const northsideId = await clinicIdBySlug(db, 'northside');
    expect((await patch(booked.body.id, { status: 'cancelled' }, northsideToken, northsideId)).status).toBe(404);
    expect((await get(`/appointments/${booked.body.id}`, northsideToken, northsideId)).status).toBe(404);
    const northsideBooking = await post(
      { patientId: (booked.body as { patient: { id: string } }).patient.id, serviceId: serviceId('Chemical peel'), startsAt: '2030-01-11T15:00:00Z' },
      northsideToken,
      northsideId,
    );
    expect(northsideBooking.status).toBe(404);
  });

  it('validates the booking body', async () => {
    expect((await post({ serviceId: serviceId('Chemical peel'), startsAt: '2030-01-08T10:00:00Z' })).status).toBe(400);
    expect((await post({ patientPhone: '123', serviceId: serviceId('Chemical peel'), startsAt: '2030-01-08T10:00:00Z' })).status).toBe(400);
    expect((await post({ patientPhone: '+447700900901', serviceId: serviceId('Chemical peel'), startsAt: 'tomorrow' })).status).toBe(400);
    const wrongPractitioner = await post({
      patientPhone: '+447700900901',
      serviceId: serviceId('Chemical peel'),
      startsAt: '2030-01-08T15:00:00Z',
      practitionerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(wrongPractitioner.status).toBe(400);
  });
});
