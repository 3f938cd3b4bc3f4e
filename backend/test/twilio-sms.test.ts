import { setUpDemo } from './support/demo-setup';
import request from 'supertest';
import twilio from 'twilio';
import { runQueuedJobs } from './support/knowledge-fixtures';
import { createTestApp, TEST_PUBLIC_BASE_URL } from './support/test-app';
import { createTestDb } from './support/test-db';
import { inboundSmsParams, messageSid, postSignedTwilio } from './support/twilio-signing';

const db = createTestDb();
afterAll(() => db.close());

const CLINIC_NUMBER = '+442079460000';
const PATIENT = '+447700900456';

describe('Twilio SMS webhooks', () => {
  const { app, deps } = createTestApp(db, {}, { vapi: { publicBaseUrl: TEST_PUBLIC_BASE_URL, webhookSecret: 'unused' } });
  const services = deps.services;
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, services, { ingestKnowledge: false }));
  });

  beforeEach(async () => {
    await db.query('DELETE FROM jobs');
    await db.query('DELETE FROM escalations');
    await db.query('DELETE FROM messages');
    await db.query('DELETE FROM appointments');
    await db.query('UPDATE patients SET sms_opted_out_at = NULL');
  });

  const inbound = (body: string, extra: { MessageSid?: string; OptOutType?: string; From?: string } = {}) =>
    postSignedTwilio(app, '/webhooks/twilio/sms', inboundSmsParams({ From: extra.From ?? PATIENT, To: CLINIC_NUMBER, Body: body, ...extra }));

  async function outbound(): Promise<{ body: string; status: string; kind: string; to_number: string }[]> {
    const { rows } = await db.query<{ body: string; status: string; kind: string; to_number: string }>(
      `SELECT body, status, kind, to_number FROM messages WHERE direction = 'outbound' ORDER BY created_at, id`,
    );
    return rows;
  }

  const staffSend = (to: string, body: string) =>
    request(app).post(`/api/v1/clinics/${demoId}/messages`).set('Authorization', `Bearer ${ownerToken}`).send({ to, body });

  it('stores the same MessageSid posted 10 times at once as one message and answers it once, with empty TwiML', async () => {
    const sid = messageSid();
    const responses = await Promise.all(Array.from({ length: 10 }, () => inbound('What are your opening hours?', { MessageSid: sid })));
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(response.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    }
    await runQueuedJobs(services);
    await runQueuedJobs(services);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound' AND provider_sid = $1`, [sid]);
    expect(rows[0]!.n).toBe(1);
    const replies = await outbound();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toEqual(expect.objectContaining({ to_number: PATIENT, status: 'sent', kind: 'conversation' }));
  });

  it('refuses a bad, missing or stale signature with 403 and stores nothing', async () => {
    const params = inboundSmsParams({ From: PATIENT, To: CLINIC_NUMBER, Body: 'hello' });
    const wrongToken = await postSignedTwilio(app, '/webhooks/twilio/sms', params, { token: 'not-the-token' });
    const missing = await request(app).post('/webhooks/twilio/sms').type('form').send(params);
    // Signed, then a parameter changed on the way: the signature covers every parameter.
    const signature = twilio.getExpectedTwilioSignature('test-twilio-auth-token', `${TEST_PUBLIC_BASE_URL}/webhooks/twilio/sms`, params);
    const tampered = await request(app).post('/webhooks/twilio/sms').type('form').set('X-Twilio-Signature', signature).send({ ...params, Body: 'STOP' });
    // Signed for another URL (the Host header is not trusted).
    const otherUrl = twilio.getExpectedTwilioSignature('test-twilio-auth-token', 'http://127.0.0.1/webhooks/twilio/sms', params);
    const wrongUrl = await request(app).post('/webhooks/twilio/sms').type('form').set('X-Twilio-Signature', otherUrl).send(params);
    for (const response of [wrongToken, missing, tampered, wrongUrl]) expect(response.status).toBe(403);
    const status = await request(app).post('/webhooks/twilio/sms-status').type('form').send({ MessageSid: messageSid(), MessageStatus: 'delivered' });
    expect(status.status).toBe(403);
    expect((await db.query('SELECT 1 FROM messages')).rows).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM jobs')).rows).toHaveLength(0);
  });

  it('after STOP sends nothing more: staff get 409 OPTED_OUT, automated texts are kept as blocked_opted_out; START re-enables', async () => {
    expect((await inbound('STOP')).status).toBe(200);
    await runQueuedJobs(services);
    const [confirmation] = await outbound();
    // The opt-out confirmation is the one text that still goes out.
    expect(confirmation).toEqual(expect.objectContaining({ status: 'sent', kind: 'system' }));
    expect(confirmation!.body).toMatch(/unsubscribed.*START/);
    const { rows: patients } = await db.query<{ opted: boolean }>('SELECT sms_opted_out_at IS NOT NULL AS opted FROM patients WHERE clinic_id = $1 AND phone_e164 = $2', [demoId, PATIENT]);
    expect(patients).toEqual([{ opted: true }]);

    const staff = await staffSend(PATIENT, 'Hi, just checking in');
    expect(staff.status).toBe(409);
    expect(staff.body).toEqual({ error: { code: 'OPTED_OUT', message: expect.any(String) } });

    await inbound('What time do you open on Saturday?');
    await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'Reminder: your appointment', kind: 'reminder', idempotencyKey: 'r-1', isReply: true });
    await runQueuedJobs(services);
    const afterStop = (await outbound()).slice(1);
    expect(afterStop.map((message) => message.status)).toEqual(['blocked_opted_out', 'blocked_opted_out']);

    await inbound('START');
    await runQueuedJobs(services);
    expect((await outbound()).at(-1)).toEqual(expect.objectContaining({ status: 'sent', body: expect.stringMatching(/resubscribed/) }));
    expect((await staffSend(PATIENT, 'Welcome back')).status).toBe(201);
  });

  it('does not answer a keyword Twilio already answered (OptOutType), but still records it', async () => {
    await inbound('STOP', { OptOutType: 'STOP' });
    await runQueuedJobs(services);
    expect(await outbound()).toEqual([]);
    const { rows } = await db.query<{ opted: boolean }>('SELECT sms_opted_out_at IS NOT NULL AS opted FROM patients WHERE phone_e164 = $1 AND clinic_id = $2', [PATIENT, demoId]);
    expect(rows).toEqual([{ opted: true }]);
  });

  it('answers HELP with the clinic name, hours, phone and how to opt out', async () => {
    await inbound('help');
    await runQueuedJobs(services);
    const [reply] = await outbound();
    expect(reply!.body).toContain('Harley Street Aesthetics');
    expect(reply!.body).toContain('Mon-Fri 09:00-18:00');
    expect(reply!.body).toContain('Sat 10:00-14:00');
    expect(reply!.body).toContain(CLINIC_NUMBER);
    expect(reply!.body).toContain('Reply STOP to opt out');
  });

  it('ends in the right status whatever order and how often sent/delivered/failed callbacks arrive, keeping every one', async () => {
    // Every order of sent, delivered and failed: the first final answer stands, sent never wins.
    const threeWay = [
      ['sent', 'delivered', 'failed'],
      ['sent', 'failed', 'delivered'],
      ['delivered', 'sent', 'failed'],
      ['delivered', 'failed', 'sent'],
      ['failed', 'sent', 'delivered'],
      ['failed', 'delivered', 'sent'],
    ];
    const permutations = [
      ...threeWay,
      ['sent', 'delivered'],
      ['delivered', 'sent'],
      ['sent', 'failed'],
      ['failed', 'sent'],
      ['sending', 'sent', 'delivered', 'delivered'],
      ['delivered', 'sending', 'sent', 'queued'],
      ['sent', 'undelivered', 'delivered'],
      ['delivered', 'read', 'sent'],
    ];
    const expected = [
      ...threeWay.map((order) => order.find((status) => status !== 'sent')!),
      ...['delivered', 'delivered', 'failed', 'failed', 'delivered', 'delivered', 'undelivered', 'read'],
    ];
    for (const [index, statuses] of permutations.entries()) {
      const id = await services.messaging.queueOutbound(demoId, { to: PATIENT, body: `Status test ${index}`, kind: 'staff', idempotencyKey: `status-${index}` });
      await runQueuedJobs(services);
      const { rows } = await db.query<{ provider_sid: string }>('SELECT provider_sid FROM messages WHERE id = $1', [id]);
      const sid = rows[0]!.provider_sid;
      for (const status of statuses) {
        const response = await postSignedTwilio(app, `/webhooks/twilio/sms-status?messageId=${id}`, {
          MessageSid: sid,
          MessageStatus: status,
          AccountSid: 'AC00000000000000000000000000000001',
          To: PATIENT,
          From: CLINIC_NUMBER,
          ...(status === 'failed' ? { ErrorCode: '30008' } : {}),
        });
        expect(response.status).toBe(204);
      }
      const { rows: final } = await db.query<{ status: string; events: number }>(
        `SELECT m.status, (SELECT count(*)::int FROM message_status_events e WHERE e.message_id = m.id AND e.raw->>'source' IS NULL) AS events
           FROM messages m WHERE m.id = $1`,
        [id],
      );
      expect({ statuses, ...final[0] }).toEqual({ statuses, status: expected[index], events: statuses.length });
    }
  });

  it('marks the patient opted out when a callback reports 21610, and ignores callbacks for unknown messages', async () => {
    const id = await services.messaging.queueOutbound(demoId, { to: PATIENT, body: 'Hello', kind: 'staff', idempotencyKey: 'opt-21610' });
    await services.patients.findOrCreateByPhone(demoId, PATIENT);
    await runQueuedJobs(services);
    const { rows } = await db.query<{ provider_sid: string }>('SELECT provider_sid FROM messages WHERE id = $1', [id]);
    await postSignedTwilio(app, '/webhooks/twilio/sms-status', { MessageSid: rows[0]!.provider_sid, MessageStatus: 'failed', ErrorCode: '21610' });
    const { rows: patient } = await db.query<{ opted: boolean }>('SELECT sms_opted_out_at IS NOT NULL AS opted FROM patients WHERE phone_e164 = $1 AND clinic_id = $2', [PATIENT, demoId]);
    expect(patient).toEqual([{ opted: true }]);
    const unknown = await postSignedTwilio(app, '/webhooks/twilio/sms-status', { MessageSid: messageSid(), MessageStatus: 'delivered' });
    expect(unknown.status).toBe(204);
  });

  it('confirms, cancels and reschedules the next appointment from YES / NO / RESCHEDULE replies', async () => {
    const patient = await services.patients.findOrCreateByPhone(demoId, PATIENT, { name: 'Jane Doe' });
    const [service] = await services.scheduling.listServices(demoId);
    const book = async () => {
      const [slot] = await services.scheduling.findAvailability(demoId, { serviceId: service!.id, limit: 1 });
      return (await services.scheduling.book(demoId, { patientId: patient.id, serviceId: service!.id, startsAt: new Date(slot!.startsAt), source: 'staff' })).appointment;
    };
    const statusOf = async (id: string) => (await services.scheduling.getAppointment(demoId, id)).status;

    const first = await book();
    await inbound('Yes');
    await runQueuedJobs(services);
    expect(await statusOf(first.id)).toBe('confirmed');
    expect((await outbound()).at(-1)!.body).toMatch(/is confirmed/);

    await inbound('NO');
    await runQueuedJobs(services);
    expect(await statusOf(first.id)).toBe('cancelled');
    expect((await outbound()).at(-1)!.body).toMatch(/is cancelled/);

    const second = await book();
    await inbound('reschedule');
    await runQueuedJobs(services);
    expect(await statusOf(second.id)).toBe('pending_reschedule');
    const offer = (await outbound()).at(-1)!.body;
    expect(offer).toContain(`I can offer ${service!.name}`);
    await inbound('the second one please');
    await runQueuedJobs(services);
    const moved = await services.scheduling.getAppointment(demoId, second.id);
    expect(moved.status).toBe('booked');
    expect(moved.startsAt).not.toBe(second.startsAt);
    expect((await outbound()).some((message) => /moved to/.test(message.body))).toBe(true);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointments WHERE clinic_id = $1 AND status <> 'cancelled'`, [demoId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('lists threads per patient newest first with a cursor, and staff texts validate their input', async () => {
    for (const body of ['one', 'two', 'three']) await inbound(body);
    await inbound('other patient', { From: '+447700900999' });
    const page = await request(app)
      .get(`/api/v1/clinics/${demoId}/messages`)
      .query({ phone: '07700 900456', limit: 2 })
      .set('Authorization', `Bearer ${ownerToken}`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((item: { body: string }) => item.body)).toEqual(['three', 'two']);
    expect(page.body.items[0]).toEqual(
      expect.objectContaining({ direction: 'inbound', from: PATIENT, to: CLINIC_NUMBER, status: 'received', providerSid: expect.stringMatching(/^SM/), createdAt: expect.any(String) }),
    );
    const next = await request(app)
      .get(`/api/v1/clinics/${demoId}/messages`)
      .query({ phone: PATIENT, limit: 2, cursor: page.body.nextCursor })
      .set('Authorization', `Bearer ${ownerToken}`);
    expect(next.body).toEqual({ items: [expect.objectContaining({ body: 'one' })], nextCursor: null });

    const invalid = await staffSend('not a number', 'hello');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_INPUT');
    const empty = await staffSend(PATIENT, '   ');
    expect(empty.status).toBe(400);
    const sent = await staffSend('07700 900456', 'Your results are ready to collect');
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual(expect.objectContaining({ direction: 'outbound', to: PATIENT, body: 'Your results are ready to collect', status: 'queued', kind: 'staff' }));
  });

  it('answers an emergency text with the emergency instruction and escalates it once, even if the job runs twice', async () => {
    const sid = messageSid();
    await inbound("My lips have gone blue and I can't breathe after my filler", { MessageSid: sid });
    await runQueuedJobs(services);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM messages WHERE provider_sid = $1', [sid]);
    // A retried job (e.g. after a crash between the escalation and the reply) changes nothing.
    await services.smsInbound.runInboundJob({ clinicId: demoId, messageId: rows[0]!.id });
    const { rows: escalations } = await db.query<{ kind: string; channel: string }>('SELECT kind, channel FROM escalations WHERE clinic_id = $1', [demoId]);
    expect(escalations).toEqual([{ kind: 'emergency', channel: 'sms' }]);
    const replies = (await outbound()).filter((message) => message.to_number === PATIENT);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatch(/999/);
  });

  it('stores a text from a sender that is not a phone number and gives up answering it at once', async () => {
    expect((await inbound('Your verification code is 123456', { From: 'VERIFY' })).status).toBe(200);
    await runQueuedJobs(services);
    const { rows } = await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE kind = 'sms.inbound'`);
    expect(rows).toEqual([{ status: 'dead', attempts: 1 }]);
    expect(await outbound()).toEqual([]);
  });
});
