import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { seedDemoData } from '../src/seed/seed';
import { parseCallSearch } from '../src/modules/calls/calls.query';
import {
  deleteAllCalls,
  insertCall,
  insertCallAppointment,
  insertCallEscalation,
  insertToolCall,
  insertTranscript,
  upsertPatient,
} from './support/call-fixtures';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();

type CallItem = { id: string; status: string; outcome: string | null; callerName: string | null; createdAt: string };
type Page = { items: CallItem[]; nextCursor: string | null };

describe('calls read API', () => {
  let app: Express;
  let demoId: string;
  let northsideId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideToken: string;

  async function login(email: string, password: string): Promise<string> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response.body.token as string;
  }

  const list = (clinicId: string, query: Record<string, string | number | string[]> = {}, token = ownerToken) =>
    request(app).get(`/api/v1/clinics/${clinicId}/calls`).query(query).set('Authorization', `Bearer ${token}`);

  const detail = (clinicId: string, callId: string, token = ownerToken) =>
    request(app).get(`/api/v1/clinics/${clinicId}/calls/${callId}`).set('Authorization', `Bearer ${token}`);

  async function listIds(clinicId: string, query: Record<string, string | number | string[]> = {}): Promise<string[]> {
    const response = await list(clinicId, { limit: 100, ...query });
    expect(response.status).toBe(200);
    return (response.body as Page).items.map((item) => item.id);
  }

  /** Every page, following cursors; fails on a loop. */
  async function allPages(clinicId: string, query: Record<string, string | number>): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(clinicId, cursor ? { ...query, cursor } : query);
      expect(response.status).toBe(200);
      const page = response.body as Page;
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
      if (pages > 100) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pages };
  }

  beforeAll(async () => {
    ({ app } = createTestApp(db));
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    ownerToken = await login('owner@demo.clinic', 'demo-owner-pass');
    staffToken = await login('staff@demo.clinic', 'demo-staff-pass');
    northsideToken = await login('owner@northside.clinic', 'demo-owner-pass');
  });

  beforeEach(async () => {
    await deleteAllCalls(db);
    await db.query("DELETE FROM patients WHERE phone_e164 LIKE '+4477009%'");
  });

  afterAll(async () => {
    await db.close();
  });

  it('lists nothing for a clinic without calls', async () => {
    const response = await list(demoId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('lists calls newest first in the DTO shape, naming the caller from the linked patient or the number', async () => {
    const linkedPatient = await upsertPatient(db, demoId, '+447700900111', 'Amelia Hart');
    await upsertPatient(db, demoId, '+447700900222', 'Ben Okafor');
    const linked = await insertCall(db, demoId, { patientId: linkedPatient, fromNumber: '+447700900111', createdAt: new Date('2026-03-02T09:00:00Z'), outcome: 'booked', summary: 'Booked lip filler.', recordingUrl: 'https://storage.example/rec.wav' });
    const byNumber = await insertCall(db, demoId, { fromNumber: '+447700900222', createdAt: new Date('2026-03-02T10:00:00Z') });
    const unknown = await insertCall(db, demoId, { fromNumber: '+447700900999', createdAt: new Date('2026-03-02T11:00:00Z'), status: 'in-progress', emergencyAt: new Date('2026-03-02T11:00:30Z') });

    const response = await list(demoId);
    expect(response.status).toBe(200);
    const items = response.body.items as Record<string, unknown>[];
    expect(items.map((item) => item.id)).toEqual([unknown, byNumber, linked]);
    expect(Object.keys(items[0]!).sort()).toEqual(
      ['callerName', 'createdAt', 'direction', 'durationSeconds', 'endedAt', 'endedReason', 'fromNumber', 'hasRecording', 'id', 'isEmergency', 'outcome', 'patient', 'startedAt', 'status', 'summary', 'toNumber'].sort(),
    );
    expect(items[2]).toMatchObject({
      patient: { id: linkedPatient, name: 'Amelia Hart' },
      callerName: 'Amelia Hart',
      fromNumber: '+447700900111',
      toNumber: '+442079460000',
      outcome: 'booked',
      summary: 'Booked lip filler.',
      hasRecording: true,
      isEmergency: false,
      durationSeconds: 60,
      endedReason: 'customer-ended-call',
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    expect(items[1]).toMatchObject({ callerName: 'Ben Okafor', hasRecording: false });
    expect(items[0]).toMatchObject({ status: 'in-progress', outcome: null, patient: null, callerName: null, isEmergency: true, endedAt: null, durationSeconds: null });
  });

  it('pages through calls with equal creation times without duplicates or gaps', async () => {
    const sameInstant = new Date('2026-03-02T09:00:00.000Z');
    const expected: string[] = [];
    for (let index = 0; index < 12; index += 1) expected.push(await insertCall(db, demoId, { createdAt: sameInstant }));
    for (let index = 0; index < 11; index += 1) {
      expected.push(await insertCall(db, demoId, { createdAt: new Date(sameInstant.getTime() - 1_000 * (index % 3)) }));
    }
    // Rows created within the same millisecond: only microseconds apart.
    await db.query(
      `UPDATE calls SET created_at = created_at - (row_number * interval '1 microsecond')
         FROM (SELECT id, row_number() OVER (ORDER BY id) FROM calls WHERE created_at < $1 LIMIT 4) AS picked
        WHERE calls.id = picked.id`,
      [sameInstant],
    );
    const { ids, pages } = await allPages(demoId, { limit: 5 });
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    // The pages together are exactly the one-page order.
    expect(ids).toEqual(await listIds(demoId));

    // A call arriving while someone pages does not shift the pages after the cursor.
    const first = await list(demoId, { limit: 5 });
    await insertCall(db, demoId, { createdAt: new Date('2026-03-02T12:00:00Z') });
    const second = await list(demoId, { limit: 5, cursor: first.body.nextCursor as string });
    expect((second.body as Page).items.map((item) => item.id)).toEqual(ids.slice(5, 10));
  });

  it('finds calls by a word of the transcript, of the summary, a word prefix, the caller name or number', async () => {
    const patient = await upsertPatient(db, demoId, '+447700900333', 'Chloe Marchetti');
    const transcriptCall = await insertCall(db, demoId, { createdAt: new Date('2026-03-02T09:00:00Z'), fromNumber: '+447700900444' });
    await insertTranscript(db, demoId, transcriptCall, [
      { text: 'Thank you for calling Harley Street Aesthetics.' },
      { text: 'Hi, I would like to ask about Profhilo aftercare.' },
      { text: 'Of course, what would you like to know?' },
      { text: 'Can I go to the sauna afterwards?' },
    ]);
    const summaryCall = await insertCall(db, demoId, { createdAt: new Date('2026-03-02T10:00:00Z'), summary: 'Caller rescheduled her microneedling session to Friday.', fromNumber: '+447700900555' });
    const namedCall = await insertCall(db, demoId, { createdAt: new Date('2026-03-02T11:00:00Z'), patientId: patient, fromNumber: '+447700900333' });
    const otherCall = await insertCall(db, demoId, { createdAt: new Date('2026-03-02T12:00:00Z'), summary: 'General question about parking.', fromNumber: '+447700900666' });
    await insertTranscript(db, demoId, otherCall, [{ text: 'Where can I park near the clinic?' }]);
    // Not final: an interim transcript is not what the caller said.
    await insertTranscript(db, demoId, otherCall, [{ text: 'profhilo', isFinal: false }]);

    expect(await listIds(demoId, { q: 'PROFHILO' })).toEqual([transcriptCall]);
    expect(await listIds(demoId, { q: 'sauna' })).toEqual([transcriptCall]);
    expect(await listIds(demoId, { q: 'microneedling' })).toEqual([summaryCall]);
    expect(await listIds(demoId, { q: 'microneed' })).toEqual([summaryCall]);
    // Every word must occur in the call, in any segment.
    expect(await listIds(demoId, { q: 'profhilo sauna' })).toEqual([transcriptCall]);
    expect(await listIds(demoId, { q: 'profhilo parking' })).toEqual([]);
    expect(await listIds(demoId, { q: 'marchetti' })).toEqual([namedCall]);
    expect(await listIds(demoId, { q: 'chloe marc' })).toEqual([namedCall]);
    // Names, like words, match from the start of a word.
    expect(await listIds(demoId, { q: 'chetti' })).toEqual([]);
    expect(await listIds(demoId, { q: '07700 900555' })).toEqual([summaryCall]);
    expect(await listIds(demoId, { q: '+44 7700 900666' })).toEqual([otherCall]);
    expect(await listIds(demoId, { q: 'park' })).toEqual([otherCall]);
    expect(await listIds(demoId, { q: 'xylophone' })).toEqual([]);
    // Punctuation and tsquery syntax are only separators.
    expect(await listIds(demoId, { q: "sauna' & !(| :*" })).toEqual([transcriptCall]);
    // Search composes with filters and pages.
    expect(await listIds(demoId, { q: 'park', outcome: 'booked' })).toEqual([]);
  });

  it('pages through search results', async () => {
    const matching: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const callId = await insertCall(db, demoId, { createdAt: new Date(Date.UTC(2026, 2, 2, 9, index)) });
      await insertTranscript(db, demoId, callId, [{ text: index % 2 === 0 ? 'I need a hygienist appointment' : 'What time do you open?' }]);
      if (index % 2 === 0) matching.push(callId);
    }
    const { ids, pages } = await allPages(demoId, { q: 'hygienist', limit: 2 });
    expect(pages).toBe(2);
    expect(ids).toEqual([...matching].reverse());
  });

  it('finds a word common enough to be searched call by call, alone and with a rare one', async () => {
    // More than 1,000 final segments hold the common word: the list walks calls instead of the index.
    const withWord: string[] = [];
    let saunaCall = '';
    for (let index = 0; index < 66; index += 1) {
      const callId = await insertCall(db, demoId, { createdAt: new Date(Date.UTC(2026, 2, 2, 8, index)) });
      const hasWord = index % 6 !== 0;
      const lines = Array.from({ length: 20 }, (_, line) => ({ text: hasWord ? `Line ${line}: a consultation first, please.` : `Line ${line}: where do I park?` }));
      if (index === 31) {
        lines[7] = { text: 'Is the sauna fine afterwards?' };
        saunaCall = callId;
      }
      await insertTranscript(db, demoId, callId, lines);
      if (hasWord) withWord.push(callId);
    }
    const { ids, pages } = await allPages(demoId, { q: 'consultation', limit: 25 });
    expect(pages).toBe(3);
    expect(ids).toEqual([...withWord].reverse());
    // Each word anywhere in the call: here in different segments.
    expect(await listIds(demoId, { q: 'consult sauna' })).toEqual([saunaCall]);
    expect(await listIds(demoId, { q: 'consultation park' })).toEqual([]);
  });

  it('filters by one or several outcomes, by status and by date', async () => {
    const booked = await insertCall(db, demoId, { outcome: 'booked', createdAt: new Date('2026-03-01T23:30:00Z') });
    const escalated = await insertCall(db, demoId, { outcome: 'escalated', createdAt: new Date('2026-03-02T09:00:00Z') });
    const abandoned = await insertCall(db, demoId, { outcome: 'abandoned', createdAt: new Date('2026-03-03T09:00:00Z') });
    const ringing = await insertCall(db, demoId, { status: 'ringing', createdAt: new Date('2026-03-03T10:00:00Z') });
    const live = await insertCall(db, demoId, { status: 'in-progress', createdAt: new Date('2026-03-03T11:00:00Z') });

    expect(await listIds(demoId, { outcome: 'booked' })).toEqual([booked]);
    expect(await listIds(demoId, { outcome: 'booked,escalated' })).toEqual([escalated, booked]);
    expect(await listIds(demoId, { outcome: ['booked', 'abandoned'] })).toEqual([abandoned, booked]);
    expect(await listIds(demoId, { status: 'live' })).toEqual([live, ringing]);
    expect(await listIds(demoId, { status: 'in-progress' })).toEqual([live]);
    expect(await listIds(demoId, { status: 'ended' })).toEqual([abandoned, escalated, booked]);
    expect(await listIds(demoId, { status: 'live,ended' })).toHaveLength(5);

    // Instants: `from` included, `to` excluded.
    expect(await listIds(demoId, { from: '2026-03-02T09:00:00Z', to: '2026-03-03T09:00:00Z' })).toEqual([escalated]);
    // Dates are days in the clinic's timezone (London is on UTC in March); `to` includes its whole day.
    expect(await listIds(demoId, { from: '2026-03-01', to: '2026-03-01' })).toEqual([booked]);
    expect(await listIds(demoId, { from: '2026-03-02', to: '2026-03-02' })).toEqual([escalated]);
    expect(await listIds(demoId, { from: '2026-03-03' })).toEqual([live, ringing, abandoned]);
    expect(await listIds(demoId, { from: '2026-03-03T10:00:00+01:00' })).toEqual([live, ringing, abandoned]);
    expect(await listIds(demoId, { from: '2026-03-03T10:00:00+00:00', status: 'live' })).toEqual([live, ringing]);
  });

  it('dates follow the clinic timezone in summer time', async () => {
    const lateEvening = await insertCall(db, demoId, { createdAt: new Date('2026-07-01T23:30:00Z') });
    expect(await listIds(demoId, { from: '2026-07-02', to: '2026-07-02' })).toEqual([lateEvening]);
    expect(await listIds(demoId, { to: '2026-07-01' })).toEqual([]);
  });

  it('shows a call with its final transcript, tools, appointments, escalations and patient', async () => {
    const patient = await upsertPatient(db, demoId, '+447700900777', 'Dina Rossi');
    const callId = await insertCall(db, demoId, {
      patientId: patient,
      fromNumber: '+447700900777',
      outcome: 'booked',
      summary: 'Booked a consultation.',
      recordingUrl: 'https://storage.example/mono.wav',
      stereoRecordingUrl: 'https://storage.example/stereo.wav',
      endedReason: 'assistant-ended-call',
      durationSeconds: 184,
      analysis: { successEvaluation: 'true' },
      createdAt: new Date('2026-03-02T09:00:00Z'),
    });
    const spokenAt = new Date('2026-03-02T09:00:05Z');
    await insertTranscript(db, demoId, callId, [
      { role: 'assistant', text: 'Hello, Harley Street Aesthetics.', at: spokenAt },
      { role: 'user', text: 'I would like a consultation.', at: new Date('2026-03-02T09:00:09Z') },
      { role: 'user', text: 'I would like a cons', isFinal: false },
    ]);
    await insertToolCall(db, demoId, callId, { name: 'check_availability', arguments: { date: '2026-03-05' }, result: 'Thursday 10:00 is free.', createdAt: new Date('2026-03-02T09:01:00Z') });
    await insertToolCall(db, demoId, callId, { name: 'book_appointment', arguments: { slot: '2026-03-05T10:00:00Z' }, result: 'Booked.', effect: 'booked', createdAt: new Date('2026-03-02T09:02:00Z') });
    const appointment = await insertCallAppointment(db, demoId, callId, { patientId: patient, startsAt: new Date('2026-03-05T10:00:00Z') });
    const escalationId = await insertCallEscalation(db, demoId, callId, { kind: 'complaint', severity: 'low' });

    const response = await detail(demoId, callId.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: callId,
      status: 'ended',
      direction: 'inbound',
      fromNumber: '+447700900777',
      toNumber: '+442079460000',
      patient: { id: patient, name: 'Dina Rossi' },
      callerName: 'Dina Rossi',
      outcome: 'booked',
      summary: 'Booked a consultation.',
      endedReason: 'assistant-ended-call',
      durationSeconds: 184,
      hasRecording: true,
      isEmergency: false,
      startedAt: '2026-03-02T09:00:00.000Z',
      endedAt: '2026-03-02T09:01:00.000Z',
      createdAt: '2026-03-02T09:00:00.000Z',
      recordingUrl: 'https://storage.example/mono.wav',
      stereoRecordingUrl: 'https://storage.example/stereo.wav',
      analysis: { successEvaluation: 'true' },
      transcript: [
        { seq: 0, role: 'assistant', text: 'Hello, Harley Street Aesthetics.', at: '2026-03-02T09:00:05.000Z' },
        { seq: 1, role: 'user', text: 'I would like a consultation.', at: '2026-03-02T09:00:09.000Z' },
      ],
      tools: [
        { name: 'check_availability', arguments: { date: '2026-03-05' }, result: 'Thursday 10:00 is free.', error: null, effect: null, at: '2026-03-02T09:01:00.000Z' },
        { name: 'book_appointment', arguments: { slot: '2026-03-05T10:00:00Z' }, result: 'Booked.', error: null, effect: 'booked', at: '2026-03-02T09:02:00.000Z' },
      ],
      appointments: [
        { id: appointment.id, service: { id: appointment.serviceId, name: appointment.serviceName }, startsAt: '2026-03-05T10:00:00.000Z', status: 'booked' },
      ],
      escalations: [{ id: escalationId, kind: 'complaint', severity: 'low', status: 'open', createdAt: expect.any(String) }],
    });
  });

  it('shows a call in progress with empty lists', async () => {
    const callId = await insertCall(db, demoId, { status: 'ringing', fromNumber: null });
    const response = await detail(demoId, callId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ringing', outcome: null, fromNumber: null, patient: null, recordingUrl: null, transcript: [], tools: [], appointments: [], escalations: [], analysis: {} });
  });

  it('lets staff read the list and a call', async () => {
    const callId = await insertCall(db, demoId);
    const listed = await list(demoId, {}, staffToken);
    expect(listed.status).toBe(200);
    expect((listed.body as Page).items.map((item) => item.id)).toEqual([callId]);
    expect((await detail(demoId, callId, staffToken)).status).toBe(200);
  });

  it('keeps each clinic to its own calls', async () => {
    const demoCall = await insertCall(db, demoId, { summary: 'Demo caller asked about botox.' });
    await insertTranscript(db, demoId, demoCall, [{ text: 'botox prices please' }]);
    const northsideCall = await insertCall(db, northsideId, { toNumber: '+441614960000', summary: 'Northside caller asked about whitening.' });

    expect(await list(northsideId, {}, northsideToken).then((response) => (response.body as Page).items.map((item) => item.id))).toEqual([northsideCall]);
    expect(await list(northsideId, { q: 'botox' }, northsideToken).then((response) => (response.body as Page).items)).toEqual([]);
    expect(await listIds(demoId, { q: 'whitening' })).toEqual([]);

    // Another clinic's call answers exactly like one that does not exist.
    const foreign = await detail(northsideId, demoCall, northsideToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Call not found' } });
    expect((await detail(demoId, northsideCall)).status).toBe(404);
    // And a clinic the caller is not a member of is not found either.
    expect((await list(demoId, {}, northsideToken)).status).toBe(404);
    expect((await detail(demoId, demoCall, northsideToken)).status).toBe(404);
  });

  it('answers 404 for an unknown or malformed call id and 401 without a token', async () => {
    expect((await detail(demoId, randomUUID())).body).toEqual({ error: { code: 'NOT_FOUND', message: 'Call not found' } });
    expect((await detail(demoId, 'not-a-uuid')).status).toBe(404);
    expect((await request(app).get(`/api/v1/clinics/${demoId}/calls`)).status).toBe(401);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ outcome: 'won' }, 'outcome'],
    [{ outcome: 'booked,won' }, 'outcome'],
    [{ status: 'finished' }, 'status'],
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2026-02-30' }, 'to'],
    [{ to: '2026-03-02T09:00:00' }, 'to'],
    [{ cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
    [{ q: 'x'.repeat(201) }, 'q'],
  ])('rejects the invalid query %j with 400', async (query, path) => {
    const response = await list(demoId, query as Record<string, string | number>);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(response.body.error.details)).toContain(path);
  });
});

describe('parseCallSearch', () => {
  it.each([
    ['', { kind: 'none' }],
    ['  ', { kind: 'none' }],
    ['!?', { kind: 'none' }],
    ['07700 900123', { kind: 'phone', digits: '7700900123' }],
    ['+44 (0) 7700-900123', { kind: 'phone', digits: '447700900123' }],
    ['0044 7700 900123', { kind: 'phone', digits: '447700900123' }],
    ['12', { kind: 'text', terms: ['12'] }],
    ['Lip FILLER lip', { kind: 'text', terms: ['lip', 'filler'] }],
    ["o'brien & co:*", { kind: 'text', terms: ['o', 'brien', 'co'] }],
    ['Crème brûlée', { kind: 'text', terms: ['crème', 'brûlée'] }],
    ['a b c d e f g h', { kind: 'text', terms: ['a', 'b', 'c', 'd', 'e', 'f'] }],
  ])('reads %j', (q, expected) => {
    expect(parseCallSearch(q)).toEqual(expected);
  });
});
