import request from 'supertest';
import { insertCall } from './support/call-fixtures';
import { setUpDemo, loginAs } from './support/demo-setup';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createManualClock } from './support/job-testing';
import { createTestApp } from './support/test-app';
import { createTestDb } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('GET /clinics/:id/stats', () => {
  // 10:00 in London on Wednesday 16 January 2030.
  const clock = createManualClock(new Date('2030-01-16T10:00:00.000Z'));
  const { app, deps } = createTestApp(db, {}, { clock });
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: false }));
  });

  const stats = (range?: string, token = ownerToken, clinicId = demoId) =>
    request(app).get(`/api/v1/clinics/${clinicId}/stats`).query(range ? { range } : {}).set('Authorization', `Bearer ${token}`);

  it('counts per local day in SQL, with an answer rate, and validates the range', async () => {
    const at = (iso: string) => new Date(iso);
    await insertCall(db, demoId, { outcome: 'booked', createdAt: at('2030-01-16T09:00:00Z') });
    await insertCall(db, demoId, { outcome: 'abandoned', createdAt: at('2030-01-16T09:30:00Z') });
    await insertCall(db, demoId, { outcome: 'emergency', emergencyAt: at('2030-01-14T12:00:00Z'), createdAt: at('2030-01-14T12:00:00Z') });
    // 23:30 UTC on the 9th is still the 9th in London in winter: outside a 7-day window ending on the 16th.
    await insertCall(db, demoId, { outcome: 'answered', createdAt: at('2030-01-09T23:30:00Z') });
    await insertCall(db, demoId, { outcome: 'answered', status: 'in-progress', endedAt: null, createdAt: at('2030-01-10T00:30:00Z') });

    const response = await stats('7d');
    expect(response.status).toBe(200);
    expect(response.body.daily.map((day: { date: string }) => day.date)).toEqual([
      '2030-01-10', '2030-01-11', '2030-01-12', '2030-01-13', '2030-01-14', '2030-01-15', '2030-01-16',
    ]);
    expect(response.body.today).toEqual(expect.objectContaining({ date: '2030-01-16', calls: 2, answeredCalls: 1, emergencies: 0, liveCalls: 1 }));
    expect(response.body.totals).toEqual(expect.objectContaining({ calls: 4, answeredCalls: 3, emergencies: 1, answerRate: 0.75 }));
    expect((await stats('30d')).body.totals.calls).toBe(5);
    expect((await stats('1y')).status).toBe(400);
  });

  it('serves the cached numbers until an event changes them', async () => {
    const before = (await stats('7d')).body;
    // A row written behind the services' back is not seen: the cached overview is served.
    await insertCall(db, demoId, { outcome: 'answered', createdAt: new Date('2030-01-16T09:45:00Z') });
    expect((await stats('7d')).body.totals.calls).toBe(before.totals.calls);
    // An escalation through the service publishes an event, which drops the cache.
    await deps.services.escalations.createEscalation(demoId, { kind: 'human', severity: 'low', channel: 'staff', summary: 'Call back' });
    const after = (await stats('7d')).body;
    expect(after.totals.calls).toBe(before.totals.calls + 1);
    expect(after.today.openEscalations).toBe(before.today.openEscalations + 1);
  });

  it("answers 404 for a clinic the user is not a member of", async () => {
    const northsideToken = await loginAs(app, 'owner@northside.clinic');
    expect((await stats('7d', northsideToken, demoId)).status).toBe(404);
    const northsideId = await clinicIdBySlug(db, 'northside');
    expect((await stats('7d', northsideToken, northsideId)).body.totals.calls).toBe(0);
  });
});
