import { loginAs, setUpDemo } from './support/demo-setup';
import request from 'supertest';
import { createInProcessBus } from '../src/platform/bus';
import { createInProcessCache } from '../src/platform/cache';
import { createInProcessClinicEventStream } from '../src/platform/events/clinic-event-stream';
import type { StreamedEvent } from '../src/platform/events/clinic-event-stream';
import { createRealtimeTicketService } from '../src/modules/realtime/realtime.tickets';
import { playVapiCall } from '../src/simulator/vapi-call-player';
import { buildCallScript } from '../src/simulator/vapi-scenarios';
import { waitUntil } from './support/job-testing';
import { closeSocket, connectOpen, mintTicket, startRealtimeServer, type RealtimeServer, type TestSocket } from './support/realtime-client';
import { createTestApp, TEST_VAPI_SECRET } from './support/test-app';
import { createTestDb, silentLogger } from './support/test-db';

const db = createTestDb();

/**
 * Issue 5's acceptance on real parts: simulated calls posted over real HTTP to a listening
 * server, watched by real `ws` clients of the dashboard protocol.
 */
describe('a simulated Vapi call, live on the dashboard socket and in the call log', () => {
  const bus = createInProcessBus();
  const stream = createInProcessClinicEventStream({ bus });
  const tickets = createRealtimeTicketService({ cache: createInProcessCache() });
  const { app, deps } = createTestApp(db, { realtimeTickets: tickets }, { stream, vapi: { publicBaseUrl: 'http://127.0.0.1', webhookSecret: TEST_VAPI_SECRET } });
  let server: RealtimeServer;
  let demoId: string;
  let demoToken: string;
  let northsideToken: string;
  const sockets: TestSocket[] = [];

  async function open(token: string, query: Record<string, string | number | undefined> = {}): Promise<TestSocket> {
    const socket = await connectOpen(server.wsUrl, { ticket: await mintTicket(app, token), ...query });
    sockets.push(socket);
    return socket;
  }

  function script(scenario: 'booking' | 'faq' | 'emergency' | 'medical-advice', seed: number) {
    return buildCallScript({ scenario, calledNumber: '+442079460000', phoneNumberId: 'pn_demo', seed, serverUrl: `${server.baseUrl}/webhooks/vapi` });
  }

  async function callDetail(vapiCallId: string) {
    const { rows } = await db.query<{ id: string }>("SELECT id FROM calls WHERE provider = 'vapi' AND provider_call_id = $1", [vapiCallId]);
    const response = await request(app).get(`/api/v1/clinics/${demoId}/calls/${rows[0]!.id}`).set('Authorization', `Bearer ${demoToken}`);
    expect(response.status).toBe(200);
    return { id: rows[0]!.id, call: response.body };
  }

  const ofCall = (events: StreamedEvent[], callId: string) => events.filter((event) => event.callId === callId);

  beforeAll(async () => {
    ({ demoId, ownerToken: demoToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: true }));
    server = await startRealtimeServer(app, { stream, tickets, allowedOrigins: ['http://localhost:3000'], metrics: deps.metrics, logger: silentLogger() });
    northsideToken = await loginAs(app, 'owner@northside.clinic');
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map(closeSocket));
  });

  afterAll(async () => {
    await server.stop();
    await stream.close();
    await bus.close();
    await db.close();
  });

  it('streams a booking call in order to the demo socket only, then shows it in the call log', async () => {
    const demo = await open(demoToken);
    const northside = await open(northsideToken);
    const played = await playVapiCall({ baseUrl: server.baseUrl, script: script('booking', 11), secret: TEST_VAPI_SECRET, pacing: 0 });
    expect(played.isOk).toBe(true);
    const { id: callId, call } = await callDetail(played.callId);

    await waitUntil(() => ofCall(demo.events, callId).some((event) => event.type === 'call.ended'));
    const events = ofCall(demo.events, callId);
    const ids = demo.events.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events[0]!.type).toBe('call.started');
    expect([...new Set(events.map((event) => event.type))]).toEqual(expect.arrayContaining(['call.status', 'transcript', 'call.tool', 'call.ended']));
    expect(demo.events.some((event) => event.type === 'appointment.created')).toBe(true);
    const finals = events.filter((event) => event.type === 'transcript' && (event.data as { final: boolean }).final);
    expect(finals.length).toBe(call.transcript.length);
    expect(events.some((event) => event.type === 'transcript' && !(event.data as { final: boolean }).final)).toBe(true);
    expect(events.find((event) => event.type === 'call.ended')!.data).toEqual(expect.objectContaining({ outcome: 'booked' }));

    expect(call).toMatchObject({ status: 'ended', outcome: 'booked', summary: expect.any(String), recordingUrl: expect.stringMatching(/^https:/) });
    expect(call.durationSeconds).toBeGreaterThan(0);
    expect(call.transcript.map((segment: { seq: number }) => segment.seq)).toEqual(call.transcript.map((_: unknown, index: number) => index));
    expect(call.appointments).toHaveLength(1);

    // Northside's owner saw nothing of it.
    expect(northside.events.filter((event) => event.clinicId === demoId)).toEqual([]);
    expect(northside.events.some((event) => event.callId === callId)).toBe(false);
  });

  it('ends in the same stored call when the webhooks arrive out of order and duplicated', async () => {
    // Two calls of the same dialogue (same seed); only their ids differ.
    const inOrder = await playVapiCall({
      baseUrl: server.baseUrl,
      script: buildCallScript({ scenario: 'faq', calledNumber: '+442079460000', phoneNumberId: 'pn_demo', seed: 21, callId: 'faq-in-order' }),
      secret: TEST_VAPI_SECRET,
      pacing: 0,
    });
    const shuffled = await playVapiCall({
      baseUrl: server.baseUrl,
      script: buildCallScript({ scenario: 'faq', calledNumber: '+442079460000', phoneNumberId: 'pn_demo', seed: 21, callId: 'faq-shuffled-copy' }),
      secret: TEST_VAPI_SECRET,
      pacing: 0,
      outOfOrder: { seed: 5 },
      duplicates: { seed: 6, rate: 0.5 },
    });
    expect(inOrder.isOk && shuffled.isOk).toBe(true);
    const first = (await callDetail(inOrder.callId)).call;
    const second = (await callDetail(shuffled.callId)).call;
    for (const field of ['status', 'outcome', 'summary', 'durationSeconds', 'endedReason']) {
      expect([field, second[field]]).toEqual([field, first[field]]);
    }
    const words = (call: { transcript: { role: string; text: string }[] }) => call.transcript.map((segment) => [segment.role, segment.text]);
    expect(words(second)).toEqual(words(first));
  });

  it('raises the emergency alert live, and a reconnect with after= replays exactly the missed events', async () => {
    const first = await open(demoToken);
    const played = await playVapiCall({ baseUrl: server.baseUrl, script: script('emergency', 31), secret: TEST_VAPI_SECRET, pacing: 0 });
    expect(played.isOk).toBe(true);
    await waitUntil(() => first.events.some((event) => event.type === 'alert' && (event.data as { kind: string }).kind === 'emergency'));
    const { id: callId, call } = await callDetail(played.callId);
    expect(call.outcome).toBe('emergency');
    await waitUntil(() => ofCall(first.events, callId).some((event) => event.type === 'call.ended'));

    const lastSeen = first.events.at(-1)!.id;
    await closeSocket(first);
    const missed = await playVapiCall({ baseUrl: server.baseUrl, script: script('medical-advice', 41), secret: TEST_VAPI_SECRET, pacing: 0 });
    expect(missed.isOk).toBe(true);
    const missedEvents = await stream.readAfter(demoId, lastSeen);
    expect(missedEvents.length).toBeGreaterThan(5);

    const again = await open(demoToken, { after: lastSeen });
    await waitUntil(() => again.events.length >= missedEvents.length);
    expect(again.events.map((event) => event.id)).toEqual(missedEvents.map((event) => event.id));
    const { call: medical } = await callDetail(missed.callId);
    expect(medical.outcome).toBe('escalated');
  });
});
