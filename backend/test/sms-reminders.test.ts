import { scheduleCallFollowup } from '../src/modules/messaging/call-followup';
import { seedDemoData } from '../src/seed/seed';
import type { Services } from '../src/services';
import { insertCall } from './support/call-fixtures';
import { createManualClock, type ManualClock } from './support/job-testing';
import { clinicIdBySlug, runQueuedJobs } from './support/knowledge-fixtures';
import { createTestApp, createTestServices } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';
import { inboundSmsParams, postSignedTwilio } from './support/twilio-signing';

const db = createTestDb();
afterAll(() => db.close());

const CLINIC_NUMBER = '+442079460000';
const PATIENT = '+447700900321';
const HOUR = 3_600_000;

async function reminderJobs(): Promise<{ unique_key: string; run_at: Date; status: string }[]> {
  const { rows } = await db.query<{ unique_key: string; run_at: Date; status: string }>(
    `SELECT unique_key, run_at, status FROM jobs WHERE kind = 'sms.reminder' ORDER BY unique_key`,
  );
  return rows;
}

async function outbound(kind?: string): Promise<{ body: string; status: string; send_after: Date | null }[]> {
  const { rows } = await db.query<{ body: string; status: string; send_after: Date | null }>(
    `SELECT body, status, send_after FROM messages WHERE direction = 'outbound' AND ($1::text IS NULL OR kind = $1) ORDER BY created_at, id`,
    [kind ?? null],
  );
  return rows;
}

describe('confirmations and reminders on a controllable clock', () => {
  let clock: ManualClock;
  let services: Services;
  let demoId: string;
  let app: ReturnType<typeof createTestApp>['app'];

  beforeEach(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    await db.query(`DELETE FROM jobs`);
    // Saturday 12 January 2030, 13:50 in London (GMT): the next free weekday slot is Monday.
    clock = createManualClock(new Date('2030-01-12T13:50:00.000Z'));
    const built = createTestApp(db, {}, { clock });
    app = built.app;
    services = built.deps.services;
  });

  const text = (body: string) => postSignedTwilio(app, '/webhooks/twilio/sms', inboundSmsParams({ From: PATIENT, To: CLINIC_NUMBER, Body: body }));

  it('a booking made by SMS confirms and schedules the 24 h reminder; a move moves it; cancelling removes it', async () => {
    await text("Hi, I'd like to book lip filler on Monday please");
    await runQueuedJobs(services);
    const offer = (await outbound('conversation')).at(-1)!.body;
    expect(offer).toMatch(/I can offer Lip filler \(1 ml\) on Mon 14 Jan at/);
    await text('the first one');
    await runQueuedJobs(services);
    const [appointment] = await services.scheduling.listAppointments(demoId, {});
    expect(appointment).toEqual(expect.objectContaining({ source: 'sms', status: 'booked' }));
    const startsAt = new Date(appointment!.startsAt);

    const confirmation = await outbound('confirmation');
    expect(confirmation).toEqual([expect.objectContaining({ status: 'sent', body: expect.stringMatching(/you're booked for Lip filler .* Mon 14 Jan at .*Reply C to confirm/) })]);
    expect(await reminderJobs()).toEqual([{ unique_key: `reminder:${appointment!.id}:24h`, run_at: new Date(startsAt.getTime() - 24 * HOUR), status: 'queued' }]);

    // Staff move it a day later: the reminder follows.
    const movedTo = new Date(startsAt.getTime() + 24 * HOUR);
    await services.scheduling.reschedule(demoId, appointment!.id, { startsAt: movedTo }, { type: 'system' });
    expect(await reminderJobs()).toEqual([expect.objectContaining({ run_at: new Date(movedTo.getTime() - 24 * HOUR), status: 'queued' })]);
    expect((await outbound('confirmation')).at(-1)!.body).toMatch(/moved to Lip filler .* Tue 15 Jan/);

    // Nothing is due at the old reminder time.
    clock.set(new Date(startsAt.getTime() - 24 * HOUR + 60_000));
    await runQueuedJobs(services);
    expect(await outbound('reminder')).toEqual([]);

    // At the new one the reminder goes out.
    clock.set(new Date(movedTo.getTime() - 24 * HOUR + 60_000));
    await runQueuedJobs(services);
    expect(await outbound('reminder')).toEqual([expect.objectContaining({ status: 'sent', body: expect.stringMatching(/^Reminder from Harley Street Aesthetics: Lip filler .* tomorrow, Tue 15 Jan/) })]);
    expect(await reminderJobs()).toEqual([expect.objectContaining({ status: 'succeeded' })]);

    // Moved again after its reminder went out: a new reminder for the new time; cancelled: none.
    const again = new Date(movedTo.getTime() + 24 * HOUR);
    await services.scheduling.reschedule(demoId, appointment!.id, { startsAt: again }, { type: 'system' });
    expect(await reminderJobs()).toEqual([expect.objectContaining({ run_at: new Date(again.getTime() - 24 * HOUR), status: 'queued' })]);
    await services.scheduling.cancel(demoId, appointment!.id, { type: 'system' });
    expect(await reminderJobs()).toEqual([]);
    expect((await outbound('confirmation')).at(-1)!.body).toMatch(/has been cancelled/);
    clock.set(new Date(again.getTime() - 24 * HOUR + 60_000));
    await runQueuedJobs(services);
    expect(await outbound('reminder')).toHaveLength(1);
  });

  it('a reminder job left from before a change does nothing (stale start time or cancelled)', async () => {
    const patient = await services.patients.findOrCreateByPhone(demoId, PATIENT);
    const [service] = await services.scheduling.listServices(demoId);
    const [slot] = await services.scheduling.findAvailability(demoId, { serviceId: service!.id, from: new Date('2030-01-15T00:00:00Z'), limit: 1 });
    const { appointment } = await services.scheduling.book(demoId, { patientId: patient.id, serviceId: service!.id, startsAt: new Date(slot!.startsAt), source: 'staff' });
    const payload = { clinicId: demoId, appointmentId: appointment.id, kind: '24h' as const, startsAt: new Date(new Date(slot!.startsAt).getTime() - HOUR).toISOString() };
    expect(await services.appointmentNotifier.runReminderJob(payload)).toBe('stale');
    await services.scheduling.cancel(demoId, appointment.id, { type: 'system' });
    expect(await services.appointmentNotifier.runReminderJob({ ...payload, startsAt: appointment.startsAt })).toBe('stale');
    expect(await outbound('reminder')).toEqual([]);
  });
});

describe('quiet hours', () => {
  let clock: ManualClock;
  let services: Services;
  let demoId: string;

  beforeEach(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    clock = createManualClock(new Date('2030-01-15T22:30:00.000Z'));
    services = createTestServices(db, { clock });
  });

  it('holds automated texts between 21:00 and 08:00 clinic time while replies and staff texts go at once', async () => {
    await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'Reminder', kind: 'reminder', idempotencyKey: 'quiet-reminder' });
    await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'Reply', kind: 'conversation', idempotencyKey: 'quiet-reply', isReply: true });
    await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'From staff', kind: 'staff', idempotencyKey: 'quiet-staff' });
    await runQueuedJobs(services);
    expect((await outbound()).map(({ body, status, send_after }) => ({ body, status, send_after }))).toEqual([
      { body: 'Reminder', status: 'queued', send_after: new Date('2030-01-16T08:00:00.000Z') },
      { body: 'Reply', status: 'sent', send_after: null },
      { body: 'From staff', status: 'sent', send_after: null },
    ]);
    clock.set(new Date('2030-01-16T07:59:00.000Z'));
    await runQueuedJobs(services);
    expect((await outbound('reminder'))[0]!.status).toBe('queued');
    clock.set(new Date('2030-01-16T08:00:00.000Z'));
    await runQueuedJobs(services);
    expect((await outbound('reminder'))[0]!.status).toBe('sent');
  });

  it('defers an automated text whose job only runs once quiet hours began, without using an attempt', async () => {
    clock.set(new Date('2030-01-15T20:55:00.000Z'));
    const id = await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'Late reminder', kind: 'reminder', idempotencyKey: 'late' });
    clock.set(new Date('2030-01-15T21:05:00.000Z'));
    await runQueuedJobs(services);
    const { rows } = await db.query<{ status: string; attempts: number; run_at: Date }>(`SELECT status, attempts, run_at FROM jobs WHERE unique_key = $1`, [`sms.send:${id}`]);
    expect(rows).toEqual([{ status: 'queued', attempts: 0, run_at: new Date('2030-01-16T08:00:00.000Z') }]);
    expect((await outbound('reminder'))[0]!.status).toBe('queued');
  });
});

describe('on-call follow-up of unresolved calls', () => {
  it('texts the on-call number once, after the outcome settled, only for a caller who hung up unresolved', async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    const demoId = await clinicIdBySlug(db, 'demo');
    const clock = createManualClock(new Date('2030-01-15T12:00:00.000Z'));
    const services = createTestServices(db, { clock });
    const abandoned = await insertCall(db, demoId, { outcome: 'abandoned', fromNumber: PATIENT, startedAt: new Date('2030-01-15T11:58:00.000Z') });
    const booked = await insertCall(db, demoId, { outcome: 'booked', fromNumber: '+447700900654' });
    for (const callId of [abandoned, abandoned, booked]) await scheduleCallFollowup(services.jobQueue, clock, demoId, callId);

    await runQueuedJobs(services);
    expect(await outbound('alert')).toEqual([]);
    clock.advanceMs(2 * 60_000);
    await runQueuedJobs(services);
    const alerts = await db.query<{ to_number: string; body: string }>(`SELECT to_number, body FROM messages WHERE kind = 'alert'`);
    expect(alerts.rows).toEqual([
      { to_number: '+447700900123', body: expect.stringMatching(/^Harley Street Aesthetics: Caller \+447700900321 hung up at 11:58 before anything was resolved/) },
    ]);
  });
});

describe('on-call emergency texts', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('textOnCallForEmergencies=%s: %i text to the on-call number for an emergency reported by SMS', async (isOn, texts) => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    const demoId = await clinicIdBySlug(db, 'demo');
    await db.query(`UPDATE clinics SET settings = jsonb_set(settings, '{alerts}', $2::jsonb) WHERE id = $1`, [demoId, JSON.stringify({ textOnCallForEmergencies: isOn })]);
    const services = createTestServices(db, { clock: createManualClock(new Date('2030-01-15T12:00:00.000Z')) });
    await services.conversation.respond({ clinicId: demoId, channel: 'sms', text: "I can't breathe and my throat is closing up", history: [], patientPhone: PATIENT, isDryRun: false });
    const { rows } = await db.query(`SELECT 1 FROM messages WHERE kind = 'alert' AND to_number = '+447700900123'`);
    expect(rows).toHaveLength(texts);
    const escalations = await db.query(`SELECT kind FROM escalations WHERE clinic_id = $1`, [demoId]);
    expect(escalations.rows).toEqual([{ kind: 'emergency' }]);
  });
});
