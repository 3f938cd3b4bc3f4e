import type { Express } from 'express';
import request from 'supertest';
import { createInProcessBus, type EventBus } from '../src/platform/bus';
import { createInProcessCache } from '../src/platform/cache';
import { createInProcessClinicEventStream, type ClinicEventStream } from '../src/platform/events/clinic-event-stream';
import { createEventPublisher, type EventPublisher } from '../src/platform/events/domain-events';
import type { Metrics } from '../src/platform/metrics';
import type { RealtimeHubOptions } from '../src/modules/realtime/realtime-hub';
import { createRealtimeTicketService, type RealtimeTicketService } from '../src/modules/realtime/realtime.tickets';
import { seedDemoData } from '../src/seed/seed';
import { makeUser } from './support/factories';
import { createGate, createManualClock, waitUntil, type ManualClock } from './support/job-testing';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import {
  closeSocket,
  connect,
  connectOpen,
  mintTicket,
  startRealtimeServer,
  type RealtimeServer,
  type TestSocket,
} from './support/realtime-client';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
const DASHBOARD_ORIGIN = 'http://localhost:3000';

describe('realtime: tickets and the /ws hub', () => {
  let clock: ManualClock;
  let bus: EventBus;
  let stream: ClinicEventStream;
  let tickets: RealtimeTicketService;
  let publisher: EventPublisher;
  let app: Express;
  let metrics: Metrics;
  let demoId: string;
  let northsideId: string;
  let demoToken: string;
  let northsideToken: string;
  let adminToken: string;
  const servers: RealtimeServer[] = [];
  const sockets: TestSocket[] = [];

  async function login(email: string, password: string): Promise<string> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response.body.token as string;
  }

  async function startServer(overrides: Partial<RealtimeHubOptions> = {}): Promise<RealtimeServer> {
    const server = await startRealtimeServer(app, {
      stream,
      tickets,
      allowedOrigins: [DASHBOARD_ORIGIN],
      metrics,
      logger: silentLogger(),
      ...overrides,
    });
    servers.push(server);
    return server;
  }

  async function open(server: RealtimeServer, token: string, query: Record<string, string | number | undefined> = {}, options = {}) {
    const socket = await connectOpen(server.wsUrl, { ticket: await mintTicket(app, token), ...query }, options);
    sockets.push(socket);
    return socket;
  }

  const alert = (clinicId: string, text: string) =>
    publisher.publish({ clinicId, type: 'alert', data: { kind: 'escalation', severity: 'high', text } });

  async function publishAlerts(clinicId: string, count: number, prefix = 'alert'): Promise<void> {
    for (let index = 0; index < count; index += 1) await alert(clinicId, `${prefix} ${index}`);
  }

  const idsOf = (socket: TestSocket) => socket.events.map((event) => event.id);

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
  });

  beforeEach(async () => {
    clock = createManualClock(new Date());
    bus = createInProcessBus();
    stream = createInProcessClinicEventStream({ bus });
    tickets = createRealtimeTicketService({ cache: createInProcessCache({ now: () => clock.now().getTime() }), now: () => clock.now() });
    const created = createTestApp(db, { realtimeTickets: tickets }, { stream });
    app = created.app;
    metrics = created.deps.metrics;
    publisher = createEventPublisher({ stream, logger: silentLogger() });
    demoToken ??= await login('owner@demo.clinic', 'demo-owner-pass');
    northsideToken ??= await login('owner@northside.clinic', 'demo-owner-pass');
    if (!adminToken) {
      const admin = await makeUser(db, { isPlatformAdmin: true });
      adminToken = await login(admin.email, admin.password);
    }
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map(closeSocket));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await stream.close();
    await bus.close();
  });

  afterAll(() => db.close());

  describe('POST /api/v1/realtime/ticket', () => {
    it('needs a bearer token', async () => {
      const response = await request(app).post('/api/v1/realtime/ticket');
      expect(response.status).toBe(401);
    });

    it('mints a random ticket valid for 60 seconds', async () => {
      const first = await request(app).post('/api/v1/realtime/ticket').set('Authorization', `Bearer ${demoToken}`);
      const second = await request(app).post('/api/v1/realtime/ticket').set('Authorization', `Bearer ${demoToken}`);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() });
      expect(second.body.ticket).not.toBe(first.body.ticket);
    });
  });

  describe('upgrade', () => {
    it('refuses a missing, unknown, used or expired ticket with 401', async () => {
      const server = await startServer();
      expect(await connect(server.wsUrl, {})).toEqual({ status: 401 });
      expect(await connect(server.wsUrl, { ticket: 'not-a-ticket' })).toEqual({ status: 401 });
      expect(await connect(server.wsUrl, { ticket: 'A'.repeat(43) })).toEqual({ status: 401 });

      const ticket = await mintTicket(app, demoToken);
      const first = await connect(server.wsUrl, { ticket });
      expect(first).toHaveProperty('socket');
      if ('socket' in first) sockets.push(first.socket);
      expect(await connect(server.wsUrl, { ticket })).toEqual({ status: 401 });

      const expiring = await mintTicket(app, demoToken);
      clock.advanceMs(60_000);
      expect(await connect(server.wsUrl, { ticket: expiring })).toEqual({ status: 401 });
    });

    it('accepts a ticket until its last millisecond', async () => {
      const server = await startServer();
      const ticket = await mintTicket(app, demoToken);
      clock.advanceMs(59_999);
      const outcome = await connect(server.wsUrl, { ticket });
      expect(outcome).toHaveProperty('socket');
      if ('socket' in outcome) sockets.push(outcome.socket);
    });

    it('refuses a browser origin outside CORS_ORIGINS with 403, without spending the ticket', async () => {
      const server = await startServer();
      const ticket = await mintTicket(app, demoToken);
      expect(await connect(server.wsUrl, { ticket }, { origin: 'https://evil.example' })).toEqual({ status: 403 });
      sockets.push(await connectOpen(server.wsUrl, { ticket }, { origin: DASHBOARD_ORIGIN }));
      // No Origin header at all: not a browser, so nothing to check.
      await open(server, demoToken);
    });

    it("refuses a clinic the user may not see with 404, and a malformed position with 400", async () => {
      const server = await startServer();
      expect(await connect(server.wsUrl, { ticket: await mintTicket(app, northsideToken), clinicId: demoId })).toEqual({ status: 404 });
      expect(await connect(server.wsUrl, { ticket: await mintTicket(app, demoToken), clinicId: 'demo' })).toEqual({ status: 404 });
      expect(await connect(server.wsUrl, { ticket: await mintTicket(app, demoToken), after: '-1' })).toEqual({ status: 400 });
      expect(await connect(server.wsUrl, { ticket: await mintTicket(app, demoToken), after: 'abc' })).toEqual({ status: 400 });
    });

    it('answers 404 for other upgrade paths', async () => {
      const server = await startServer();
      expect(await connect(server.wsUrl.replace('/ws', '/socket'), { ticket: await mintTicket(app, demoToken) })).toEqual({ status: 404 });
    });
  });

  describe('delivery', () => {
    it("streams a clinic's events to its sockets only: Northside never sees the demo clinic's", async () => {
      const server = await startServer();
      const northside = await open(server, northsideToken); // default: the user's first membership
      const demo = await open(server, demoToken, { clinicId: demoId });
      const admin = await open(server, adminToken, { clinicId: northsideId });

      await alert(demoId, 'demo only');
      await publisher.publish({ clinicId: northsideId, type: 'call.status', callId: 'call-1', data: { status: 'ringing' } });
      await alert(demoId, 'demo again');

      expect(await demo.waitForEvents(2)).toEqual([
        { id: 1, type: 'alert', clinicId: demoId, at: expect.any(String), data: { kind: 'escalation', severity: 'high', text: 'demo only' } },
        { id: 2, type: 'alert', clinicId: demoId, at: expect.any(String), data: { kind: 'escalation', severity: 'high', text: 'demo again' } },
      ]);
      const expectedNorthside = [{ id: 1, type: 'call.status', clinicId: northsideId, callId: 'call-1', at: expect.any(String), data: { status: 'ringing' } }];
      expect(await northside.waitForEvents(1)).toEqual(expectedNorthside);
      expect(await admin.waitForEvents(1)).toEqual(expectedNorthside);
      await alert(northsideId, 'marker');
      await northside.waitForEvents(2);
      expect(northside.events.every((event) => event.clinicId === northsideId)).toBe(true);
      expect(northside.events).toHaveLength(2);
    });

    it('delivers concurrent events in order with strictly increasing ids', async () => {
      const server = await startServer();
      const first = await open(server, demoToken);
      const second = await open(server, demoToken);
      await Promise.all(Array.from({ length: 200 }, (_, index) => alert(demoId, `burst ${index}`)));
      const expectedIds = Array.from({ length: 200 }, (_, index) => index + 1);
      await first.waitForEvents(200);
      await second.waitForEvents(200);
      expect(idsOf(first)).toEqual(expectedIds);
      expect(idsOf(second)).toEqual(expectedIds);
    });

    it('replays exactly the missed events on reconnect with after=, then continues live', async () => {
      const server = await startServer();
      const first = await open(server, demoToken);
      await publishAlerts(demoId, 5, 'before');
      await first.waitForEvents(5);
      const lastSeen = first.events.at(-1)?.id ?? 0;
      await closeSocket(first);

      await publishAlerts(demoId, 7, 'while away');
      // Events keep arriving while the reconnect's replay is read.
      const live = publishAlerts(demoId, 30, 'during reconnect');
      const again = await open(server, demoToken, { after: lastSeen });
      await live;
      await publishAlerts(demoId, 3, 'after reconnect');

      await again.waitForEvents(40);
      await alert(northsideId, 'unrelated');
      expect(idsOf(again)).toEqual(Array.from({ length: 40 }, (_, index) => lastSeen + index + 1));
      expect(again.events.slice(0, 7).map((event) => event.data)).toEqual(
        Array.from({ length: 7 }, (_, index) => expect.objectContaining({ text: `while away ${index}` })),
      );
    });

    it.each([
      { order: 'read-then-wait', description: 'after the replay was read (held live events only)' },
      { order: 'wait-then-read', description: 'before the replay was read (in both the replay and the live feed)' },
    ] as const)('sends events published while a replay is in flight exactly once: $description', async ({ order }) => {
      const gate = createGate();
      const isReading = createGate();
      const gatedStream: ClinicEventStream = {
        ...stream,
        append: (event) => stream.append(event),
        subscribe: (clinicId, handler) => stream.subscribe(clinicId, handler),
        async readAfter(clinicId, afterId) {
          isReading.open();
          if (order === 'read-then-wait') {
            const snapshot = await stream.readAfter(clinicId, afterId);
            await gate.promise;
            return snapshot;
          }
          await gate.promise;
          return stream.readAfter(clinicId, afterId);
        },
      };
      const server = await startServer({ stream: gatedStream });
      await publishAlerts(demoId, 3, 'missed');
      const socket = await open(server, demoToken, { after: 1 });
      await isReading.promise;
      await publishAlerts(demoId, 4, 'during replay');
      // Let the live deliveries reach the hub while the replay is still held.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(socket.events).toEqual([]);
      gate.open();
      await publishAlerts(demoId, 2, 'after replay');
      await socket.waitForEvents(8);
      await alert(northsideId, 'unrelated');
      expect(idsOf(socket)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('replays the whole window to a position beyond the counter (a reset), and nothing to the current one', async () => {
      const server = await startServer();
      await publishAlerts(demoId, 4);
      const reset = await open(server, demoToken, { after: 999 });
      const current = await open(server, demoToken, { after: 4 });
      await reset.waitForEvents(4);
      await alert(demoId, 'next');
      await reset.waitForEvents(5);
      await current.waitForEvents(1);
      expect(idsOf(reset)).toEqual([1, 2, 3, 4, 5]);
      expect(idsOf(current)).toEqual([5]);
    });

    it('holds one stream subscription per clinic while it has sockets', async () => {
      let activeSubscriptions = 0;
      const countingStream: ClinicEventStream = {
        ...stream,
        append: (event) => stream.append(event),
        readAfter: (clinicId, afterId) => stream.readAfter(clinicId, afterId),
        async subscribe(clinicId, handler) {
          const unsubscribe = await stream.subscribe(clinicId, handler);
          activeSubscriptions += 1;
          return async () => {
            activeSubscriptions -= 1;
            await unsubscribe();
          };
        },
      };
      const server = await startServer({ stream: countingStream });
      const demoSockets = await Promise.all([open(server, demoToken), open(server, demoToken), open(server, demoToken)]);
      const northside = await open(server, northsideToken);
      expect(activeSubscriptions).toBe(2);

      await Promise.all(demoSockets.map(closeSocket));
      await waitUntil(() => activeSubscriptions === 1, { description: 'the demo room to unsubscribe' });
      await alert(northsideId, 'northside still served');
      await northside.waitForEvents(1);
      await closeSocket(northside);
      await waitUntil(() => activeSubscriptions === 0, { description: 'every room to unsubscribe' });
    });

    it('ignores client messages', async () => {
      const server = await startServer();
      const socket = await open(server, demoToken);
      socket.ws.send(JSON.stringify({ type: 'subscribe', clinicId: northsideId }));
      socket.ws.send('not json');
      await alert(demoId, 'still here');
      await socket.waitForEvents(1);
      expect(socket.isClosed()).toBe(false);
    });

    it('feeds the connection gauge and the fan-out lag histogram', async () => {
      const server = await startServer();
      const socket = await open(server, demoToken);
      await open(server, northsideToken);
      await alert(demoId, 'measured');
      await socket.waitForEvents(1);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/^voxanne_ws_connections 2$/m);
      expect(text).toMatch(/^voxanne_event_fanout_lag_seconds_count 1$/m);
      await closeSocket(socket);
      await waitUntil(() => server.hub.connectionCount() === 1);
      expect(await metrics.registry.metrics()).toMatch(/^voxanne_ws_connections 1$/m);
    });
  });

  describe('slow and dead clients', () => {
    it('cuts a client that stops reading while a fast one receives everything', async () => {
      const server = await startServer({ maxBufferedBytes: 64 * 1024 });
      const fast = await open(server, demoToken);
      const slow = await open(server, demoToken);
      slow.rawSocket().pause();

      const bulky = 'x'.repeat(16 * 1024);
      let published = 0;
      // Loopback buffers absorb a few MB before the server's queue grows; publish until it does.
      while (server.hub.connectionCount() === 2 && published < 3_000) {
        await Promise.all(Array.from({ length: 25 }, () => alert(demoId, bulky)));
        published += 25;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(server.hub.connectionCount()).toBe(1);
      await fast.waitForEvents(published, 15_000);
      expect(idsOf(fast)).toEqual(Array.from({ length: published }, (_, index) => index + 1));
      expect(await metrics.registry.metrics()).toMatch(/^voxanne_ws_terminated_total\{reason="slow_consumer"\} 1$/m);
      slow.rawSocket().resume();
      await slow.closed;
    });

    it('terminates a client that stops answering pings, and keeps one that answers', async () => {
      const server = await startServer({ heartbeatIntervalMs: 40 });
      const silent = await open(server, demoToken, {}, { autoPong: false });
      const healthy = await open(server, demoToken);
      await silent.closed;
      // Several more heartbeats go by; the healthy socket is still served.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await alert(demoId, 'still alive');
      await healthy.waitForEvents(1);
      expect(healthy.isClosed()).toBe(false);
      expect(await metrics.registry.metrics()).toMatch(/^voxanne_ws_terminated_total\{reason="heartbeat"\} 1$/m);
    });
  });

  describe('shutdown', () => {
    it('closes every socket with 1001 and refuses new upgrades', async () => {
      const server = await startServer();
      const demo = await open(server, demoToken);
      const northside = await open(server, northsideToken);
      const ticket = await mintTicket(app, demoToken);

      await server.hub.close();

      expect(await demo.closed).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await northside.closed).toMatchObject({ code: 1001 });
      expect(await connect(server.wsUrl, { ticket })).toEqual({ status: 503 });
      expect(await metrics.registry.metrics()).toMatch(/^voxanne_ws_connections 0$/m);
    });
  });
});
