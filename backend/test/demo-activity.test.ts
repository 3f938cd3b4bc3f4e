import request from 'supertest';
import { seedDemoActivity } from '../src/seed/demo-activity';
import { loginAs, setUpDemo } from './support/demo-setup';
import { createManualClock } from './support/job-testing';
import { createTestApp } from './support/test-app';
import { createTestDb, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('demo activity (what a fresh npm start shows on the dashboard)', () => {
  const now = new Date('2030-01-16T12:00:00.000Z');
  const { app, deps } = createTestApp(db, {}, { clock: createManualClock(now) });
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: false }));
    await seedDemoActivity(db, silentLogger(), now);
  });

  const get = (path: string, token = ownerToken) => request(app).get(`/api/v1/clinics/${demoId}${path}`).set('Authorization', `Bearer ${token}`);

  it('gives the demo clinic two weeks of ended calls with transcripts, outcomes and the bookings they made', async () => {
    const calls = await get('/calls?limit=100');
    expect(calls.status).toBe(200);
    const items = calls.body.items as Array<{ id: string; status: string; outcome: string; startedAt: string }>;
    expect(items.length).toBeGreaterThanOrEqual(25);
    expect(items.every((call) => call.status === 'ended')).toBe(true);
    expect(new Set(items.map((call) => call.outcome)).size).toBeGreaterThanOrEqual(4);
    expect(items.every((call) => new Date(call.startedAt) < now)).toBe(true);

    const detail = await get(`/calls/${items[0]!.id}`);
    expect(detail.body.transcript.length).toBeGreaterThan(0);

    const appointments = await get(`/appointments?from=2030-01-01T00:00:00Z&to=2030-01-31T00:00:00Z`);
    expect(appointments.status).toBe(200);
    expect(appointments.body.items.length).toBeGreaterThan(0);
  });

  it('leaves one escalation open for staff to act on, and SMS threads to read', async () => {
    const open = await get('/escalations?status=open');
    expect(open.body.items).toHaveLength(1);
    expect(open.body.items[0].kind).not.toBe('emergency');
    const messages = await get('/messages?limit=50');
    expect(messages.body.items.length).toBeGreaterThan(0);
  });

  it('shows in the overview numbers', async () => {
    const stats = await get('/stats?range=7d');
    expect(stats.body.totals.calls).toBeGreaterThan(0);
  });

  it('runs once: a second run adds nothing', async () => {
    const before = (await get('/calls?limit=100')).body.items.length;
    await seedDemoActivity(db, silentLogger(), now);
    expect((await get('/calls?limit=100')).body.items.length).toBe(before);
  });

  it("keeps each clinic's activity to itself", async () => {
    const northsideToken = await loginAs(app, 'owner@northside.clinic');
    expect((await get('/calls', northsideToken)).status).toBe(404);
  });
});
