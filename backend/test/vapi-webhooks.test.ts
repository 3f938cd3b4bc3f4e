import { setUpDemo } from './support/demo-setup';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { vapiHmacSignature } from '../src/modules/vapi/vapi.auth';
import { createTestApp, TEST_VAPI_SECRET } from './support/test-app';
import { createTestDb } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

const CALLER = '+447700900777';
const DEMO_NUMBER = '+442079460000';

type Json = Record<string, unknown>;

function envelope(type: string, callId: string, fields: Json = {}, options: { timestamp?: number; withCall?: boolean } = {}): Json {
  return {
    message: {
      type,
      timestamp: options.timestamp ?? Date.now(),
      ...(options.withCall === false
        ? {}
        : {
            call: {
              id: callId,
              orgId: 'org_test',
              type: 'inboundPhoneCall',
              status: 'in-progress',
              phoneNumberId: 'pn_demo',
              customer: { number: CALLER },
              phoneCallProviderId: 'CA0123456789abcdef0123456789abcdef',
            },
            phoneNumber: { number: DEMO_NUMBER, provider: 'twilio' },
            customer: { number: CALLER },
          }),
      ...fields,
    },
  };
}

function transcript(callId: string, role: 'user' | 'assistant', text: string, timestamp: number, kind: 'partial' | 'final' = 'final', legacy = false): Json {
  return envelope(legacy ? 'transcript[transcriptType="final"]' : 'transcript', callId, { role, transcriptType: kind, transcript: text }, { timestamp });
}

function report(callId: string, startedAt: Date, endedAt: Date, options: { legacy?: boolean } = {}): Json {
  const summary = 'Caller asked about lip filler prices and aftercare.';
  return envelope(
    'end-of-call-report',
    callId,
    options.legacy
      ? { endedReason: 'customer-ended-call', startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), summary, recordingUrl: 'https://storage.example/legacy.wav', cost: 0.12 }
      : {
          endedReason: 'customer-ended-call',
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          cost: 0.1234,
          artifact: { transcript: 'AI: Hello\nUser: Hi', recordingUrl: 'https://storage.example/mono.wav', stereoRecordingUrl: 'https://storage.example/stereo.wav', messages: [] },
          analysis: { summary, structuredData: { outcome: 'answered' }, successEvaluation: 'true' },
        },
    { timestamp: endedAt.getTime() + 2_000 },
  );
}

describe('POST /webhooks/vapi', () => {
  const { app, deps } = createTestApp(db);
  let demoId: string;
  let ownerToken: string;

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: true }));
  });

  function post(body: Json, headers: Record<string, string> = { 'X-Vapi-Secret': TEST_VAPI_SECRET }) {
    const raw = JSON.stringify(body);
    return request(app).post('/webhooks/vapi').set('Content-Type', 'application/json').set(headers).send(raw);
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return rows[0]!.n;
  }

  async function callDetail(vapiCallId: string) {
    const { rows } = await db.query<{ id: string }>("SELECT id FROM calls WHERE provider = 'vapi' AND provider_call_id = $1", [vapiCallId]);
    const id = rows[0]?.id;
    if (!id) return undefined;
    const response = await request(app).get(`/api/v1/clinics/${demoId}/calls/${id}`).set('Authorization', `Bearer ${ownerToken}`);
    expect(response.status).toBe(200);
    return response.body as Json & { transcript: { seq: number; role: string; text: string }[] };
  }

  describe('authenticity, before anything is parsed or stored', () => {
    const body = () => envelope('status-update', `call-auth-${randomUUID()}`, { status: 'ringing' });

    it.each<[string, Record<string, string>]>([
      ['no credential', {}],
      ['a wrong X-Vapi-Secret', { 'X-Vapi-Secret': 'not-the-secret' }],
      ['a wrong bearer token', { Authorization: 'Bearer not-the-secret' }],
      ['an HMAC over another body', { 'x-timestamp': String(Date.now()), 'x-signature': vapiHmacSignature(TEST_VAPI_SECRET, String(Date.now()), '{}') }],
    ])('answers 401 and stores nothing for %s', async (_name, headers) => {
      const before = await count('webhook_events');
      const response = await post(body(), headers);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
      expect(await count('webhook_events')).toBe(before);
      expect(await count("calls WHERE provider = 'vapi' AND provider_call_id LIKE 'call-auth-%'")).toBe(0);
    });

    it('refuses an HMAC whose timestamp is more than five minutes old', async () => {
      const payload = JSON.stringify(body());
      const timestamp = String(Date.now() - 6 * 60_000);
      const response = await request(app)
        .post('/webhooks/vapi')
        .set({ 'Content-Type': 'application/json', 'x-timestamp': timestamp, 'x-signature': vapiHmacSignature(TEST_VAPI_SECRET, timestamp, payload) })
        .send(payload);
      expect(response.status).toBe(401);
    });

    it.each<[string, (raw: string) => Record<string, string>]>([
      ['X-Vapi-Secret', () => ({ 'X-Vapi-Secret': TEST_VAPI_SECRET })],
      ['a bearer token', () => ({ Authorization: `Bearer ${TEST_VAPI_SECRET}` })],
      ['an HMAC signature of the raw body', (raw) => {
        const timestamp = String(Date.now());
        return { 'x-timestamp': timestamp, 'x-signature': vapiHmacSignature(TEST_VAPI_SECRET, timestamp, raw) };
      }],
    ])('accepts %s', async (_name, sign) => {
      // Keys in an unusual order and extra spaces: the signature covers the bytes as sent.
      const raw = `{ "message": {"timestamp": ${Date.now()}, "type": "status-update", "status": "ringing", "call": {"id": "call-ok-${randomUUID()}", "phoneNumberId": "pn_demo"}} }`;
      const response = await request(app).post('/webhooks/vapi').set('Content-Type', 'application/json').set(sign(raw)).send(raw);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({});
    });

    it('answers 400 for an authentic body that is not a server message', async () => {
      expect((await post({ hello: 'world' })).status).toBe(400);
    });
  });

  describe('assistant-request', () => {
    it("answers with the clinic's transient assistant", async () => {
      const response = await post(envelope('assistant-request', `call-${randomUUID()}`));
      expect(response.status).toBe(200);
      const assistant = response.body.assistant as Json;
      expect(assistant.metadata).toEqual(expect.objectContaining({ clinicId: demoId }));
      expect(assistant.serverMessages).toEqual(expect.arrayContaining(['transcript', 'tool-calls', 'end-of-call-report']));
      expect(String(assistant.firstMessage)).toMatch(/AI|virtual|automated/i);
    });

    it('tells the caller when the number belongs to no clinic, and ignores informational events for it', async () => {
      const stranger = { message: { type: 'assistant-request', call: { id: `call-${randomUUID()}`, phoneNumberId: 'pn_unknown' }, phoneNumber: { number: '+15550001111' } } };
      const response = await post(stranger);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ error: expect.any(String) });
      const before = await count('webhook_events');
      const status = await post({ message: { type: 'status-update', status: 'ringing', call: { id: `call-${randomUUID()}`, phoneNumberId: 'pn_unknown' } } });
      expect(status.status).toBe(200);
      expect(await count('webhook_events')).toBe(before);
    });
  });

  describe('the call lifecycle', () => {
    function conversation(callId: string, start: number): Json[] {
      return [
        envelope('status-update', callId, { status: 'ringing' }, { timestamp: start }),
        envelope('status-update', callId, { status: 'in-progress' }, { timestamp: start + 1_000 }),
        transcript(callId, 'assistant', 'Hello, you are through to Harley Street Aesthetics. I am an AI assistant.', start + 2_000),
        transcript(callId, 'user', 'How much is', start + 3_000, 'partial'),
        transcript(callId, 'user', 'How much is lip filler?', start + 3_500),
        transcript(callId, 'assistant', 'Lip filler is 280 pounds for one millilitre.', start + 5_000, 'final', true),
        transcript(callId, 'user', 'Thank you, bye.', start + 7_000),
        envelope('status-update', callId, { status: 'ended', endedReason: 'customer-ended-call' }, { timestamp: start + 8_000 }),
        report(callId, new Date(start), new Date(start + 8_000)),
      ];
    }

    it('stores the finished call with its transcript in order, summary, recording, duration and outcome', async () => {
      const callId = `call-${randomUUID()}`;
      const start = Date.now() - 60_000;
      for (const event of conversation(callId, start)) expect((await post(event)).status).toBe(200);
      const call = await callDetail(callId);
      expect(call).toMatchObject({
        status: 'ended',
        summary: 'Caller asked about lip filler prices and aftercare.',
        recordingUrl: 'https://storage.example/mono.wav',
        endedReason: 'customer-ended-call',
        durationSeconds: 8,
        outcome: 'answered',
      });
      expect(call!.transcript.map((segment) => [segment.seq, segment.role, segment.text])).toEqual([
        [0, 'assistant', 'Hello, you are through to Harley Street Aesthetics. I am an AI assistant.'],
        [1, 'user', 'How much is lip filler?'],
        [2, 'assistant', 'Lip filler is 280 pounds for one millilitre.'],
        [3, 'user', 'Thank you, bye.'],
      ]);
    });

    it('ends in the same call whatever order the events arrive in', async () => {
      const start = Date.now() - 60_000;
      const inOrder = `call-${randomUUID()}`;
      for (const event of conversation(inOrder, start)) await post(event);
      const expected = await callDetail(inOrder);

      // A few deterministic permutations: reversed, report first, interleaved.
      const orders = [
        (events: Json[]) => [...events].reverse(),
        (events: Json[]) => [events[8]!, ...events.slice(0, 8)],
        (events: Json[]) => events.filter((_e, index) => index % 2 === 1).concat(events.filter((_e, index) => index % 2 === 0)),
      ];
      for (const order of orders) {
        const callId = `call-${randomUUID()}`;
        for (const event of order(conversation(callId, start))) expect((await post(event)).status).toBe(200);
        const call = await callDetail(callId);
        for (const field of ['status', 'summary', 'outcome', 'durationSeconds', 'endedReason', 'recordingUrl', 'transcript']) {
          expect([field, call![field]]).toEqual([field, expected![field]]);
        }
      }
    });

    it('changes nothing when the same event arrives five times at once', async () => {
      const callId = `call-${randomUUID()}`;
      const start = Date.now() - 30_000;
      const final = transcript(callId, 'user', 'Do you do HydraFacials?', start);
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(final)));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await count("calls WHERE provider_call_id = $1", [callId])).toBe(1);
      expect(await count('transcript_segments s JOIN calls c ON c.id = s.call_id WHERE c.provider_call_id = $1', [callId])).toBe(1);
      expect(await count('webhook_events WHERE idempotency_key LIKE $1', [`${callId}:%`])).toBe(1);

      const ended = report(callId, new Date(start - 5_000), new Date(start + 5_000));
      await Promise.all(Array.from({ length: 5 }, () => post(ended)));
      expect((await callDetail(callId))!.outcome).toBe('answered');
    });

    it('reads legacy end-of-call reports and a report without any other event', async () => {
      const callId = `call-${randomUUID()}`;
      const start = Date.now() - 30_000;
      expect((await post(report(callId, new Date(start), new Date(start + 42_000), { legacy: true }))).status).toBe(200);
      expect(await callDetail(callId)).toMatchObject({ summary: 'Caller asked about lip filler prices and aftercare.', recordingUrl: 'https://storage.example/legacy.wav', durationSeconds: 42, outcome: 'abandoned' });
    });

    it('never moves a status backwards', async () => {
      const callId = `call-${randomUUID()}`;
      const start = Date.now();
      await post(envelope('status-update', callId, { status: 'ended', endedReason: 'customer-ended-call' }, { timestamp: start + 10_000 }));
      await post(envelope('status-update', callId, { status: 'in-progress' }, { timestamp: start }));
      expect((await callDetail(callId))!.status).toBe('ended');
    });
  });

  describe('tool-calls', () => {
    function toolCalls(callId: string, calls: Json[]): Json {
      return envelope('tool-calls', callId, { toolCallList: calls });
    }

    it('answers every tool call in order, whatever shape its arguments come in', async () => {
      const callId = `call-${randomUUID()}`;
      const response = await post(
        toolCalls(callId, [
          { id: 'tc-1', type: 'function', function: { name: 'search_knowledge_base', arguments: JSON.stringify({ query: 'How much is lip filler?' }) } },
          { id: 'tc-2', name: 'lookup_patient', parameters: {} },
          { id: 'tc-3', name: 'check_availability', arguments: { service: 'lip filler' } },
          { id: 'tc-4', name: 'no_such_tool', arguments: {} },
          { id: 'tc-5', name: 'book_appointment', arguments: { service: 'lip filler' } },
        ]),
      );
      expect(response.status).toBe(200);
      const results = response.body.results as { toolCallId: string; name: string; result?: string; error?: string }[];
      expect(results.map((result) => [result.toolCallId, result.name])).toEqual([
        ['tc-1', 'search_knowledge_base'],
        ['tc-2', 'lookup_patient'],
        ['tc-3', 'check_availability'],
        ['tc-4', 'no_such_tool'],
        ['tc-5', 'book_appointment'],
      ]);
      expect(results[0]!.result).toMatch(/£?280/);
      expect(results[1]!.result).toMatch(/new patient/i);
      expect(results[2]!.result).toMatch(/\[startsAt=\d{4}-\d{2}-\d{2}T/);
      expect(results[3]!.error).toMatch(/unknown tool/i);
      expect(results[4]!.error).toMatch(/invalid/i);
      for (const result of results) expect(result.result ?? result.error).not.toMatch(/\n/);
    });

    it('books the slot it was offered exactly once, however often the call is retried', async () => {
      const callId = `call-${randomUUID()}`;
      const availability = await post(toolCalls(callId, [{ id: 'avail', name: 'check_availability', arguments: { service: 'HydraFacial' } }]));
      const startsAt = /\[startsAt=([^\]]+)\]/.exec(availability.body.results[0].result)![1]!;
      const booking = toolCalls(callId, [{ id: 'book-1', name: 'book_appointment', arguments: { service: 'HydraFacial', startsAt, patientName: 'Jane Doe' } }]);
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(booking)));
      const texts = responses.map((response) => response.body.results[0].result as string);
      expect(new Set(texts).size).toBe(1);
      expect(texts[0]).toMatch(/^Booked HydraFacial/);
      expect(await count('appointments a JOIN calls c ON c.id = a.call_id WHERE c.provider_call_id = $1', [callId])).toBe(1);

      await post(report(callId, new Date(Date.now() - 60_000), new Date()));
      const call = await callDetail(callId);
      expect(call!.outcome).toBe('booked');
    });

    it('escalates a red flag in the knowledge question and answers with the emergency instruction', async () => {
      const callId = `call-${randomUUID()}`;
      const response = await post(toolCalls(callId, [{ id: 'q', name: 'search_knowledge_base', arguments: { query: "My lips have gone white and it's really painful since the filler" } }]));
      expect(response.body.results[0].result).toMatch(/999|A&E/);
      expect(await count("escalations e JOIN calls c ON c.id = e.call_id WHERE c.provider_call_id = $1 AND e.kind = 'emergency'", [callId])).toBe(1);
    });
  });

  it('escalates a red flag heard in a partial transcript at once, once per call, and texts the on-call clinician', async () => {
    const callId = `call-${randomUUID()}`;
    const start = Date.now();
    await post(transcript(callId, 'user', "I've got chest pain and I can't", start, 'partial'));
    await post(transcript(callId, 'user', "I've got chest pain and I can't breathe properly", start + 400, 'partial'));
    await post(transcript(callId, 'user', "I've got chest pain and I can't breathe properly.", start + 900));
    expect(await count("escalations e JOIN calls c ON c.id = e.call_id WHERE c.provider_call_id = $1 AND e.kind = 'emergency' AND e.severity = 'critical'", [callId])).toBe(1);
    expect(await count("messages WHERE to_number = '+447700900123' AND body LIKE 'URGENT%'")).toBeGreaterThanOrEqual(1);
    await post(report(callId, new Date(start - 10_000), new Date(start + 20_000)));
    expect((await callDetail(callId))!.outcome).toBe('emergency');
  });

  it("gives the clinic's on-call number for a transfer", async () => {
    const response = await post(envelope('transfer-destination-request', `call-${randomUUID()}`));
    expect(response.status).toBe(200);
    expect(response.body.destination).toEqual(expect.objectContaining({ type: 'number', number: '+447700900123' }));
  });
});
