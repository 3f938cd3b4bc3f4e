import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createInProcessBus, type EventBus } from '../src/platform/bus';
import { subscribeClinicEvents, type DomainEvent } from '../src/platform/events/domain-events';
import { createRedisBus } from '../src/platform/redis-bus';
import type { Services } from '../src/services';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
const REDIS_URL = process.env.REDIS_URL;
const WAIT_TIMEOUT_MS = 5_000;
// Long enough for a stray event to have arrived, in-process or through Redis.
const QUIET_PERIOD_MS = REDIS_URL ? 300 : 50;

/** Advances one second per reading, so every escalation has its own creation time. */
function steppingClock(start = Date.parse('2026-03-02T09:00:00.000Z')) {
  let current = start;
  return { now: () => new Date((current += 1_000)) };
}

/** Subscribes to one clinic's events through the real bus and records what arrives. */
async function watchClinic(bus: EventBus, clinicId: string) {
  const events: DomainEvent[] = [];
  const unsubscribe = await subscribeClinicEvents(bus, clinicId, (event) => {
    events.push(event);
  });
  return {
    events,
    unsubscribe,
    async waitFor(predicate: (all: DomainEvent[]) => boolean): Promise<DomainEvent[]> {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`timed out; events so far: ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return events;
    },
  };
}

const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));

type EscalationBody = { id: string; status: string; acknowledgedAt: string | null; resolvedAt: string | null; updatedAt: string; assigneeUserId: string | null };

describe('escalations', () => {
  let bus: EventBus;
  let app: Express;
  let services: Services;
  let demoId: string;
  let northsideId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideToken: string;
  let staffUserId: string;
  let northsideOwnerId: string;

  async function login(email: string, password: string): Promise<{ token: string; userId: string }> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return { token: response.body.token as string, userId: response.body.user.id as string };
  }

  const list = (clinicId: string, query: Record<string, string | number | undefined> = {}, token = ownerToken) =>
    request(app).get(`/api/v1/clinics/${clinicId}/escalations`).query(query).set('Authorization', `Bearer ${token}`);

  const patch = (clinicId: string, id: string, body: unknown, token = staffToken) =>
    request(app).patch(`/api/v1/clinics/${clinicId}/escalations/${id}`).set('Authorization', `Bearer ${token}`).send(body as object);

  const create = (clinicId: string, overrides: Partial<Parameters<Services['escalations']['createEscalation']>[1]> = {}) =>
    services.escalations.createEscalation(clinicId, {
      kind: 'human',
      severity: 'medium',
      channel: 'sms',
      summary: 'Patient asked to speak to reception about a bill.',
      ...overrides,
    });

  beforeAll(async () => {
    bus = REDIS_URL ? await createRedisBus({ url: REDIS_URL, logger: silentLogger() }) : createInProcessBus();
    ({ app, deps: { services } } = createTestApp(db, {}, { bus, clock: steppingClock() }));
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    ({ token: ownerToken } = await login('owner@demo.clinic', 'demo-owner-pass'));
    ({ token: staffToken, userId: staffUserId } = await login('staff@demo.clinic', 'demo-staff-pass'));
    ({ token: northsideToken, userId: northsideOwnerId } = await login('owner@northside.clinic', 'demo-owner-pass'));
  });

  beforeEach(async () => {
    await db.query('DELETE FROM escalations');
  });

  afterAll(async () => {
    await bus.close();
    await db.close();
  });

  it('lists nothing for a clinic without escalations', async () => {
    const response = await list(demoId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('creates an escalation and lists it in the contract shape, without internal columns', async () => {
    const { escalation, isCreated } = await create(demoId, { idempotencyKey: 'sms:SM123' });
    expect(isCreated).toBe(true);

    const response = await list(demoId, {}, staffToken);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([escalation]);
    expect(Object.keys(response.body.items[0]).sort()).toEqual(
      ['acknowledgedAt', 'assigneeUserId', 'callId', 'channel', 'contact', 'createdAt', 'id', 'kind', 'messageId', 'patientId', 'resolvedAt', 'severity', 'status', 'summary', 'updatedAt'].sort(),
    );
    expect(escalation).toMatchObject({ kind: 'human', severity: 'medium', channel: 'sms', status: 'open', assigneeUserId: null, acknowledgedAt: null, contact: null });

    const { rows } = await db.query('SELECT action, actor_type FROM audit_log WHERE entity_id = $1', [escalation.id]);
    expect(rows).toEqual([{ action: 'escalation.created', actor_type: 'system' }]);
  });

  it('rejects invalid input from domain code', async () => {
    await expect(create(demoId, { summary: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(create(demoId, { kind: 'panic' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("links a patient of the clinic, and refuses another clinic's patient", async () => {
    const insertPatient = async (clinicId: string, phone: string) =>
      (await db.query<{ id: string }>('INSERT INTO patients (clinic_id, phone_e164) VALUES ($1, $2) RETURNING id', [clinicId, phone])).rows[0]!.id;
    const demoPatient = await insertPatient(demoId, '+447700900123');
    const northsidePatient = await insertPatient(northsideId, '+447700900124');

    const linked = await create(demoId, { patientId: demoPatient });
    expect(linked.escalation.patientId).toBe(demoPatient);
    expect(linked.escalation.contact).toEqual({ name: null, phone: '+447700900123' });
    await expect(create(demoId, { patientId: northsidePatient })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const { rows } = await db.query('SELECT 1 FROM escalations WHERE patient_id = $1', [northsidePatient]);
    expect(rows).toEqual([]);
  });

  it('pages newest first with a cursor, each escalation exactly once, and filters by status', async () => {
    const created: string[] = [];
    for (let index = 0; index < 7; index++) {
      created.push((await create(demoId, { summary: `Escalation ${index}` })).escalation.id);
    }
    await create(northsideId, { summary: 'Northside only' });
    const newestFirst = [...created].reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: request.Response = await list(demoId, cursor ? { limit: 3, cursor } : { limit: 3 });
      expect(response.status).toBe(200);
      seen.push(...(response.body.items as { id: string }[]).map((item) => item.id));
      cursor = response.body.nextCursor as string | null;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    await services.escalations.updateEscalation(demoId, staffUserId, created[2]!, { status: 'acknowledged' });
    const acknowledged = await list(demoId, { status: 'acknowledged' });
    expect((acknowledged.body.items as { id: string }[]).map((item) => item.id)).toEqual([created[2]]);
    const open = await list(demoId, { status: 'open', limit: 100 });
    expect(open.body.items).toHaveLength(6);
    expect(open.body.nextCursor).toBeNull();
  });

  it('answers 400 for a bad cursor, limit or status', async () => {
    for (const query of [{ cursor: 'not-a-cursor' }, { limit: 0 }, { limit: 101 }, { limit: 'ten' }, { status: 'closed' }]) {
      const response = await list(demoId, query);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_INPUT');
    }
  });

  it('creates one escalation and one event for the same idempotency key sent ten times at once', async () => {
    const watcher = await watchClinic(bus, demoId);
    try {
      const callKey = `vapi:${randomUUID()}:escalate_to_staff`;
      const results = await Promise.all(
        Array.from({ length: 10 }, () => create(demoId, { kind: 'complaint', severity: 'high', channel: 'voice', idempotencyKey: callKey })),
      );
      expect(new Set(results.map((result) => result.escalation.id)).size).toBe(1);
      expect(results.filter((result) => result.isCreated)).toHaveLength(1);
      const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM escalations WHERE clinic_id = $1', [demoId]);
      expect(rows[0]!.count).toBe('1');
      const audits = await db.query('SELECT 1 FROM audit_log WHERE entity_id = $1', [results[0]!.escalation.id]);
      expect(audits.rows).toHaveLength(1);

      await watcher.waitFor((events) => events.length >= 1);
      await quietPeriod();
      expect(watcher.events.map((event) => event.type)).toEqual(['escalation.created']);

      // The same key from another clinic is that clinic's own escalation, not a match.
      const elsewhere = await create(northsideId, { idempotencyKey: callKey });
      expect(elsewhere.isCreated).toBe(true);
      expect(elsewhere.escalation.id).not.toBe(results[0]!.escalation.id);
    } finally {
      await watcher.unsubscribe();
    }
  });

  it("publishes escalation and emergency alert events on the clinic's channel only", async () => {
    const demo = await watchClinic(bus, demoId);
    const northside = await watchClinic(bus, northsideId);
    try {
      const { escalation } = await create(demoId, {
        kind: 'emergency',
        severity: 'critical',
        channel: 'voice',
        summary: 'Caller reports severe swelling and difficulty breathing after filler.',
      });

      const events = await demo.waitFor((all) => all.length >= 2);
      expect(events).toEqual([
        { type: 'escalation.created', clinicId: demoId, at: expect.any(String), data: escalation },
        {
          type: 'alert',
          clinicId: demoId,
          at: expect.any(String),
          data: { kind: 'emergency', severity: 'critical', text: 'Caller reports severe swelling and difficulty breathing after filler.' },
        },
      ]);

      const acknowledged = await patch(demoId, escalation.id, { status: 'acknowledged' });
      expect(acknowledged.status).toBe(200);
      const afterUpdate = await demo.waitFor((all) => all.length >= 3);
      expect(afterUpdate[2]).toEqual({ type: 'escalation.updated', clinicId: demoId, at: expect.any(String), data: acknowledged.body });

      await quietPeriod();
      expect(demo.events).toHaveLength(3);
      expect(northside.events).toEqual([]);
    } finally {
      await demo.unsubscribe();
      await northside.unsubscribe();
    }
  });

  it('does not raise an alert for non-emergency escalations', async () => {
    const watcher = await watchClinic(bus, demoId);
    try {
      await create(demoId, { kind: 'medical', severity: 'high' });
      await watcher.waitFor((events) => events.length >= 1);
      await quietPeriod();
      expect(watcher.events.map((event) => event.type)).toEqual(['escalation.created']);
    } finally {
      await watcher.unsubscribe();
    }
  });

  it('lets staff move an escalation forward, idempotently, and never backwards', async () => {
    const watcher = await watchClinic(bus, demoId);
    try {
      const { escalation } = await create(demoId);

      const acknowledged = await patch(demoId, escalation.id, { status: 'acknowledged' });
      expect(acknowledged.status).toBe(200);
      const first = acknowledged.body as EscalationBody;
      expect(first).toMatchObject({ id: escalation.id, status: 'acknowledged', resolvedAt: null });
      expect(first.acknowledgedAt).not.toBeNull();

      const again = await patch(demoId, escalation.id, { status: 'acknowledged' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first);

      const resolved = await patch(demoId, escalation.id, { status: 'resolved' });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', acknowledgedAt: first.acknowledgedAt });
      expect((resolved.body as EscalationBody).resolvedAt).not.toBeNull();

      const backwards = await patch(demoId, escalation.id, { status: 'acknowledged' });
      expect(backwards.status).toBe(409);
      expect(backwards.body.error).toMatchObject({ code: 'CONFLICT', details: { currentStatus: 'resolved', requestedStatus: 'acknowledged' } });

      const reopen = await patch(demoId, escalation.id, { status: 'open' });
      expect(reopen.status).toBe(400);
      expect(reopen.body.error.code).toBe('INVALID_INPUT');

      expect((await list(demoId)).body.items[0]).toMatchObject({ status: 'resolved' });
      await watcher.waitFor((events) => events.length >= 3);
      await quietPeriod();
      expect(watcher.events.map((event) => [event.type, (event.data as { status?: string }).status])).toEqual([
        ['escalation.created', 'open'],
        ['escalation.updated', 'acknowledged'],
        ['escalation.updated', 'resolved'],
      ]);
      const { rows } = await db.query<{ action: string; data: unknown }>(
        'SELECT action, data FROM audit_log WHERE entity_id = $1 ORDER BY id',
        [escalation.id],
      );
      expect(rows.map((row) => row.action)).toEqual(['escalation.created', 'escalation.updated', 'escalation.updated']);
      expect(rows[1]!.data).toEqual({ status: { from: 'open', to: 'acknowledged' } });
    } finally {
      await watcher.unsubscribe();
    }
  });

  it('names whom to call back: the linked patient, else the number the call came from', async () => {
    const patientId = (
      await db.query<{ id: string }>("INSERT INTO patients (clinic_id, phone_e164, name) VALUES ($1, '+447700900555', 'Ada Lovelace') RETURNING id", [demoId])
    ).rows[0]!.id;
    const callId = (
      await db.query<{ id: string }>(
        "INSERT INTO calls (clinic_id, provider, provider_call_id, from_number) VALUES ($1, 'vapi', $2, '+447700900777') RETURNING id",
        [demoId, randomUUID()],
      )
    ).rows[0]!.id;
    const fromCall = await create(demoId, { callId });
    const fromPatient = await create(demoId, { callId, patientId });
    expect(fromCall.escalation.contact).toEqual({ name: null, phone: '+447700900777' });
    expect(fromPatient.escalation.contact).toEqual({ name: 'Ada Lovelace', phone: '+447700900555' });

    const acknowledged = await patch(demoId, fromPatient.escalation.id, { status: 'acknowledged' });
    expect(acknowledged.body.contact).toEqual({ name: 'Ada Lovelace', phone: '+447700900555' });
    const listed = await list(demoId, { status: 'open' });
    expect(listed.body.items.map((item: { contact: unknown }) => item.contact)).toEqual([{ name: null, phone: '+447700900777' }]);
  });

  it('resolves an open escalation directly', async () => {
    const { escalation } = await create(demoId);
    const resolved = await patch(demoId, escalation.id, { status: 'resolved' }, ownerToken);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', acknowledgedAt: null });
    expect((resolved.body as EscalationBody).resolvedAt).not.toBeNull();
  });

  it('assigns only members of the clinic, and unassigns', async () => {
    const { escalation } = await create(demoId);

    const assigned = await patch(demoId, escalation.id, { assigneeUserId: staffUserId });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigneeUserId: staffUserId, status: 'open' });

    for (const outsider of [northsideOwnerId, randomUUID()]) {
      const refused = await patch(demoId, escalation.id, { assigneeUserId: outsider });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Assignee must be a member of this clinic' });
    }

    const unassigned = await patch(demoId, escalation.id, { assigneeUserId: null, status: 'acknowledged' });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body).toMatchObject({ assigneeUserId: null, status: 'acknowledged' });

    for (const body of [{}, { assigneeUserId: 'someone' }, { status: 'acknowledged', extra: true }]) {
      const invalid = await patch(demoId, escalation.id, body);
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe('INVALID_INPUT');
    }
  });

  it("keeps every clinic out of another's escalations", async () => {
    const { escalation } = await create(demoId);

    const listed = await list(demoId, {}, northsideToken);
    expect(listed.status).toBe(404);
    expect(listed.body.error.code).toBe('NOT_FOUND');

    const throughDemo = await patch(demoId, escalation.id, { status: 'acknowledged' }, northsideToken);
    expect(throughDemo.status).toBe(404);

    const throughOwnClinic = await patch(northsideId, escalation.id, { status: 'acknowledged' }, northsideToken);
    expect(throughOwnClinic.status).toBe(404);
    expect(throughOwnClinic.body.error.code).toBe('NOT_FOUND');
    const ownDetail = await request(app)
      .get(`/api/v1/clinics/${northsideId}/escalations/${escalation.id}`)
      .set('Authorization', `Bearer ${northsideToken}`);
    expect(ownDetail.status).toBe(404);

    expect((await list(northsideId, {}, northsideToken)).body.items).toEqual([]);
    expect((await list(demoId)).body.items[0]).toMatchObject({ id: escalation.id, status: 'open' });
  });

  it('answers 404 for an unknown or malformed id and 401 without a token', async () => {
    expect((await patch(demoId, randomUUID(), { status: 'acknowledged' })).status).toBe(404);
    expect((await patch(demoId, 'not-a-uuid', { status: 'acknowledged' })).status).toBe(404);
    expect((await request(app).get(`/api/v1/clinics/${demoId}/escalations`)).status).toBe(401);
  });
});
