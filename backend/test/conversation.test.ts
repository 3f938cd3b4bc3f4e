import { setUpDemo } from './support/demo-setup';
import request from 'supertest';
import type { Turn } from '../src/modules/conversation/conversation.engine';
import { runQueuedJobs } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

const CALLER = '+447700900555';

describe('conversation engine', () => {
  const { app, deps } = createTestApp(db);
  const { conversation } = deps.services;
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: true }));
  });

  function preview(text: string, history: { role: 'user' | 'assistant'; text: string }[] = [], channel: 'sms' | 'voice' = 'sms') {
    return request(app)
      .post(`/api/v1/clinics/${demoId}/assistant/preview`)
      .set('Authorization', `Bearer ${ownerToken}`)
      .send({ text, channel, history });
  }

  async function count(table: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE clinic_id = $1`, [demoId]);
    return rows[0]!.n;
  }

  it('books lip filler over a multi-turn dialogue; the dry-run preview proposes the same slots and books nothing', async () => {
    const first = "I'd like lip filler next Tuesday afternoon";
    const previewed = await preview(first);
    expect(previewed.status).toBe(200);
    expect(previewed.body.intent).toBe('book');
    const offer = previewed.body.actions.find((action: { type: string }) => action.type === 'offer_slots');
    expect(offer.startsAt.length).toBeGreaterThan(0);
    for (const startsAt of offer.startsAt as string[]) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(startsAt));
      expect(local.find((part) => part.type === 'weekday')?.value).toBe('Tue');
      expect(Number(local.find((part) => part.type === 'hour')?.value)).toBeGreaterThanOrEqual(12);
      expect(new Date(startsAt).getTime()).toBeGreaterThan(Date.now());
    }
    const previewPick = await preview('the second one please', [
      { role: 'user', text: first },
      { role: 'assistant', text: previewed.body.reply },
    ]);
    expect(previewPick.body.actions).toEqual([expect.objectContaining({ type: 'book', isPerformed: false, startsAt: offer.startsAt[1] })]);
    expect(await count('appointments')).toBe(0);

    // The same turns, live.
    const history: Turn[] = [];
    const live = await conversation.respond({ clinicId: demoId, channel: 'sms', text: first, history, patientPhone: CALLER, isDryRun: false });
    expect(live.reply).toBe(previewed.body.reply);
    history.push({ role: 'patient', text: first }, { role: 'assistant', text: live.reply });
    const booked = await conversation.respond({ clinicId: demoId, channel: 'sms', text: 'the second one please', history, patientPhone: CALLER, isDryRun: false });
    expect(booked.reply).toMatch(/booked/i);
    expect(booked.actions).toEqual([expect.objectContaining({ type: 'book', isPerformed: true, startsAt: offer.startsAt[1] })]);

    const appointments = await request(app).get(`/api/v1/clinics/${demoId}/appointments`).set('Authorization', `Bearer ${ownerToken}`);
    expect(appointments.body.items).toEqual([
      expect.objectContaining({ startsAt: offer.startsAt[1], service: expect.objectContaining({ name: 'Lip filler (1 ml)' }) }),
    ]);
  });

  it("cancels the caller's next appointment when asked, and welcomes them back by name", async () => {
    await db.query(`UPDATE patients SET name = 'Olivia Grant' WHERE clinic_id = $1 AND phone_e164 = $2`, [demoId, CALLER]);
    const hello = await conversation.respond({ clinicId: demoId, channel: 'sms', text: 'Hello', history: [], patientPhone: CALLER, isDryRun: true });
    expect(hello.reply).toMatch(/Hello Olivia, welcome back/);

    const dry = await conversation.respond({ clinicId: demoId, channel: 'sms', text: 'Please cancel my appointment', history: [], patientPhone: CALLER, isDryRun: true });
    expect(dry.actions).toEqual([expect.objectContaining({ type: 'cancel', isPerformed: false })]);
    const { rows: before } = await db.query<{ status: string }>('SELECT status FROM appointments WHERE clinic_id = $1', [demoId]);
    expect(before.map((row) => row.status)).toEqual(['booked']);

    const live = await conversation.respond({ clinicId: demoId, channel: 'sms', text: 'Please cancel my appointment', history: [], patientPhone: CALLER, isDryRun: false });
    expect(live.intent).toBe('cancel');
    expect(live.reply).toMatch(/cancelled your Lip filler/);
    const { rows: after } = await db.query<{ status: string }>('SELECT status FROM appointments WHERE clinic_id = $1', [demoId]);
    expect(after.map((row) => row.status)).toEqual(['cancelled']);
  });

  it('treats an emergency first: 999, the emergency line, and an escalation only when live', async () => {
    const dry = await preview('My lip has gone white and really hurts since the filler yesterday', [], 'voice');
    expect(dry.body.flags.emergency).toBe(true);
    expect(dry.body.intent).toBe('emergency');
    expect(dry.body.reply).toMatch(/999/);
    expect(dry.body.reply).toContain('+447700900123');
    expect(await count('escalations')).toBe(0);

    const live = await conversation.respond({
      clinicId: demoId,
      channel: 'sms',
      text: "I can't breathe and my tongue is swelling",
      history: [],
      patientPhone: CALLER,
      isDryRun: false,
    });
    expect(live.flags.emergency).toBe(true);
    const { rows } = await db.query('SELECT kind, severity, status FROM escalations WHERE clinic_id = $1', [demoId]);
    expect(rows).toEqual([{ kind: 'emergency', severity: 'critical', status: 'open' }]);

    // The on-call clinician is texted through the outbox, once, and only for the live turn.
    const { rows: queued } = await db.query(`SELECT to_number, kind, status FROM messages WHERE clinic_id = $1 AND kind = 'alert'`, [demoId]);
    expect(queued).toEqual([{ to_number: '+447700900123', kind: 'alert', status: 'queued' }]);
    await runQueuedJobs(deps.services);
    const { rows: sent } = await db.query<{ status: string; provider_sid: string; body: string }>(
      `SELECT status, provider_sid, body FROM messages WHERE clinic_id = $1 AND kind = 'alert'`,
      [demoId],
    );
    expect(sent).toEqual([{ status: 'sent', provider_sid: expect.stringMatching(/^SMlocal/), body: expect.stringContaining('possible emergency') }]);
  });

  it('never gives medical advice: deflects and offers a clinician', async () => {
    for (const text of ['Can I take ibuprofen after my Botox?', 'How many units of Botox do I need for my forehead?']) {
      const response = await preview(text);
      expect(response.body.flags.medicalAdvice).toBe(true);
      expect(response.body.reply).toMatch(/can't give medical advice/i);
      expect(response.body.reply).not.toMatch(/\b\d+\s*(mg|units?)\b/i);
    }
  });

  it('quotes prices from the services table', async () => {
    const response = await preview('How much is a HydraFacial?');
    expect(response.body.intent).toBe('question');
    expect(response.body.reply).toBe('HydraFacial is £150 (60 minutes). Would you like to book?');
    expect(response.body.citations).toEqual([]);
  });

  it('answers questions from the knowledge base with citations', async () => {
    const response = await preview('Is there parking near the clinic?');
    expect(response.body.intent).toBe('question');
    expect(response.body.reply).toMatch(/park/i);
    expect(response.body.citations.length).toBe(1);
    const { rows } = await db.query('SELECT clinic_id FROM kb_chunks WHERE id = $1', [response.body.citations[0]]);
    expect(rows[0]).toEqual({ clinic_id: demoId });
  });

  it('hands over to a person or the practice manager when asked or unhappy', async () => {
    expect((await preview('Can I speak to a real person please')).body).toMatchObject({ intent: 'human', flags: { humanRequested: true } });
    expect((await preview("I'm really unhappy with my results and I want a refund")).body).toMatchObject({ intent: 'complaint', flags: { complaint: true } });
  });

  it('keeps voice replies to two sentences and SMS replies to 320 characters', async () => {
    const voice = await preview('Tell me everything about your cancellation policy and deposits', [], 'voice');
    expect((voice.body.reply.match(/[.!?](\s|$)/g) ?? []).length).toBeLessThanOrEqual(2);
    const sms = await preview('What are your opening hours?');
    expect(sms.body.reply.length).toBeLessThanOrEqual(320);
  });

  it('validates preview input', async () => {
    expect((await preview('')).status).toBe(400);
    const wrongChannel = await request(app)
      .post(`/api/v1/clinics/${demoId}/assistant/preview`)
      .set('Authorization', `Bearer ${ownerToken}`)
      .send({ text: 'hi', channel: 'fax' });
    expect(wrongChannel.status).toBe(400);
  });
});
