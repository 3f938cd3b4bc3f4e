import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyVapiRequest } from '../modules/vapi/vapi.auth';
import { parseVapiMessage, toolCallsOf } from '../modules/vapi/vapi.messages';
import { createCallSession, planDeliveries } from './vapi-call-session';
import { playVapiCall } from './vapi-call-player';
import { buildCallScript, type VapiScenarioName } from './vapi-scenarios';

const SECRET = 'test-vapi-secret';
const DEMO = { calledNumber: '+442079460000', phoneNumberId: 'pn_demo' };
const FIRST_SLOT = '2026-11-24T10:00:00.000Z';

type Received = { rawBody: string; headers: http.IncomingHttpHeaders; isAuthentic: boolean };

/** A stand-in backend: checks credentials like the real one and answers what Vapi waits for. */
async function startFakeBackend(options: { serverMessages?: string[]; bookingResults?: string[] } = {}) {
  const received: Received[] = [];
  const bookingResults = [...(options.bookingResults ?? ['Booked. [appointmentId=7d3c6a52-3a1e-4a77-9d0e-5b1c2f3e4d5a]'])];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const auth = verifyVapiRequest({ headers: req.headers, rawBody, secret: SECRET, now: new Date() });
      received.push({ rawBody: rawBody.toString('utf8'), headers: req.headers, isAuthentic: auth.isAuthentic });
      if (!auth.isAuthentic) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'no' } }));
        return;
      }
      const parsed = parseVapiMessage(JSON.parse(rawBody.toString('utf8')));
      if (!parsed.ok) throw new Error(parsed.reason);
      const { message } = parsed;
      let body: unknown = {};
      if (message.type === 'assistant-request') {
        body = { assistant: { name: 'Ava', firstMessage: 'Hello', serverMessages: options.serverMessages ?? ['transcript', 'tool-calls', 'status-update', 'speech-update', 'conversation-update', 'end-of-call-report', 'hang', 'transfer-destination-request'] } };
      } else if (message.type === 'tool-calls') {
        body = {
          results: toolCallsOf(message).map((call) => ({
            toolCallId: call.id,
            name: call.name,
            result:
              call.name === 'check_availability'
                ? `Free slots: Tuesday at 10:00 [startsAt=${FIRST_SLOT}]; Tuesday at 10:45 [startsAt=2026-11-24T10:45:00.000Z].`
                : call.name === 'book_appointment'
                  ? (bookingResults.shift() ?? 'Booked again?')
                  : 'Done.',
          })),
        };
      } else if (message.type === 'transfer-destination-request') {
        body = { destination: { type: 'number', number: '+447700900123' } };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function script(scenario: VapiScenarioName, seed = 7) {
  return buildCallScript({ scenario, ...DEMO, seed });
}

describe('playVapiCall', () => {
  it('plays a booking call: every request authentic (all three credentials), the offered slot booked', async () => {
    const backend = await startFakeBackend();
    try {
      const call = script('booking');
      const seen: string[] = [];
      const result = await playVapiCall({ baseUrl: `${backend.baseUrl}/`, script: call, secret: SECRET, auth: 'rotate', pacing: 0, onStep: (outcome) => seen.push(outcome.label) });
      expect(result.isOk).toBe(true);
      expect(result.callId).toBe(call.identity.callId);
      expect(backend.received.every((request) => request.isAuthentic)).toBe(true);
      const credentials = new Set(backend.received.map((request) => (request.headers['x-signature'] ? 'hmac' : request.headers['x-vapi-secret'] ? 'secret' : 'bearer')));
      expect(credentials).toEqual(new Set(['hmac', 'secret', 'bearer']));
      expect(result.results.map((entry) => entry.name)).toEqual(['check_availability', 'book_appointment']);
      const booking = backend.received.map((request) => JSON.parse(request.rawBody)).find((body) => JSON.stringify(body).includes('"book_appointment"'));
      expect(JSON.stringify(booking)).toContain(FIRST_SLOT);
      // The retry was not needed: recorded as skipped, not sent.
      expect(result.outcomes.filter((outcome) => outcome.isSkipped).map((outcome) => outcome.summary)).toEqual(['not needed']);
      expect(seen).toHaveLength(result.outcomes.length);
      expect(result.outcomes.find((outcome) => outcome.type === 'assistant-request')!.summary).toMatch(/^assistant "Ava"/);
    } finally {
      await backend.close();
    }
  });

  it('retries a booking on the next offered slot when the first was just taken', async () => {
    const backend = await startFakeBackend({ bookingResults: ['Not booked: that time has just been taken. [startsAt=2026-11-24T11:30:00.000Z]', 'Booked. [appointmentId=7d3c6a52-3a1e-4a77-9d0e-5b1c2f3e4d5a]'] });
    try {
      const result = await playVapiCall({ baseUrl: backend.baseUrl, script: script('booking'), secret: SECRET, pacing: 0 });
      expect(result.outcomes.filter((outcome) => !outcome.isOk)).toEqual([]);
      expect(result.results.map((entry) => entry.name)).toEqual(['check_availability', 'book_appointment', 'book_appointment']);
      expect(backend.received.filter((request) => request.rawBody.includes('2026-11-24T11:30:00.000Z') && request.rawBody.includes('"tool-calls"'))).toHaveLength(1);
    } finally {
      await backend.close();
    }
  });

  it('reports a wrong secret as failed steps', async () => {
    const backend = await startFakeBackend();
    try {
      const result = await playVapiCall({ baseUrl: backend.baseUrl, script: script('faq'), secret: 'wrong', pacing: 0 });
      expect(result.isOk).toBe(false);
      expect(result.outcomes[0]).toMatchObject({ type: 'assistant-request', status: 401, isOk: false, summary: expect.stringMatching(/^HTTP 401/) });
    } finally {
      await backend.close();
    }
  });

  it('sends only what the assistant subscribed to in serverMessages', async () => {
    const backend = await startFakeBackend({ serverMessages: ['transcript[transcriptType="final"]', 'end-of-call-report', 'status-update'] });
    try {
      const result = await playVapiCall({ baseUrl: backend.baseUrl, script: script('faq'), secret: SECRET, pacing: 0 });
      expect(result.isOk).toBe(true);
      const sentTypes = backend.received.map((request) => JSON.parse(request.rawBody).message);
      expect(new Set(sentTypes.map((message: { type: string }) => message.type))).toEqual(
        new Set(['assistant-request', 'status-update', 'transcript', 'transcript[transcriptType="final"]', 'tool-calls', 'end-of-call-report']),
      );
      expect(sentTypes.some((message: { transcriptType?: string }) => message.transcriptType === 'partial')).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('waits for each message’s time, scaled by the pacing factor', async () => {
    let clock = 0;
    const waits: number[] = [];
    const call = script('medical-advice');
    await playVapiCall({
      baseUrl: 'http://127.0.0.1:9',
      script: call,
      secret: SECRET,
      pacing: 10,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      fetch: async () => new Response('{}', { status: 200 }),
      checkReplies: false,
    });
    expect(clock).toBeCloseTo(call.steps.at(-1)!.offsetMs / 10, 5);
    expect(waits.length).toBeGreaterThan(call.steps.length / 2);
  });
});

describe('planDeliveries', () => {
  const call = script('booking', 3);

  it('keeps production order by default', () => {
    expect(planDeliveries(call).map((delivery) => delivery.step.index)).toEqual(call.steps.map((step) => step.index));
  });

  it('delays informational messages (seeded, reproducible) but keeps causal ones in order, after what caused them', () => {
    const plan = planDeliveries(call, { outOfOrder: { seed: 11, maxDisplacement: 4 } });
    const order = plan.map((delivery) => delivery.step.index);
    expect(order).not.toEqual(call.steps.map((step) => step.index));
    expect(planDeliveries(call, { outOfOrder: { seed: 11, maxDisplacement: 4 } }).map((delivery) => delivery.step.index)).toEqual(order);
    expect(plan[0]!.step.type).toBe('assistant-request');
    const causal = plan.filter((delivery) => delivery.step.isCausal).map((delivery) => delivery.step.index);
    expect(causal).toEqual([...causal].sort((a, b) => a - b));
    expect(causal.length).toBe(call.steps.filter((step) => step.isCausal).length);
    // Nothing arrives before a causal step that was produced after it, and no step moves by more than it may.
    plan.forEach((delivery, position) => {
      if (delivery.step.isCausal) {
        expect(plan.slice(0, position).every((earlier) => earlier.step.index < delivery.step.index)).toBe(true);
      } else {
        expect(position - delivery.step.index).toBeLessThanOrEqual(4);
      }
    });
    for (let index = 1; index < plan.length; index += 1) expect(plan[index]!.dueOffsetMs).toBeGreaterThanOrEqual(plan[index - 1]!.dueOffsetMs);
    // A partial can land after its final.
    const finalsAfterPartials = plan.some((delivery, position) => delivery.step.label.startsWith('transcript partial') && plan.slice(0, position).some((earlier) => earlier.step.index > delivery.step.index && earlier.step.type.startsWith('transcript')));
    expect(finalsAfterPartials).toBe(true);
  });

  it('delivers duplicates byte for byte, after the original, never of causal messages', () => {
    const session = createCallSession(call, { duplicates: { seed: 5, rate: 0.3 }, checkReplies: false });
    const bodies = new Map<number, string>();
    let duplicates = 0;
    for (let pending = session.next(); pending; pending = session.next()) {
      if (pending.delivery.isDuplicate) {
        duplicates += 1;
        expect(pending.delivery.step.isCausal).toBe(false);
        expect(pending.rawBody).toBe(bodies.get(pending.delivery.step.index));
      } else {
        bodies.set(pending.delivery.step.index, pending.rawBody);
      }
      const isTool = pending.delivery.step.type === 'tool-calls';
      session.record(pending, { status: 200, bodyText: isTool ? JSON.stringify({ results: pending.toolCalls.map((toolCall) => ({ toolCallId: toolCall.id, name: toolCall.name, result: `ok [startsAt=${FIRST_SLOT}]` })) }) : '{}', latencyMs: 1 });
    }
    expect(duplicates).toBeGreaterThan(10);
    expect(session.outcomes.every((outcome) => outcome.isOk)).toBe(true);
  });
});
