import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { createClient } from 'redis';
import request from 'supertest';
import { createEventPublisher, type EventPublisher } from '../src/platform/events/domain-events';
import { createRedisClinicEventStream, type RedisClinicEventStream } from '../src/platform/events/redis-clinic-event-stream';
import { createRedisCache, type RedisCache } from '../src/platform/redis-cache';
import type { Services } from '../src/services';
import { createRealtimeTicketService } from '../src/modules/realtime/realtime.tickets';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { closeSocket, connect, connectOpen, mintTicket, startRealtimeServer, type RealtimeServer, type TestSocket } from './support/realtime-client';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;
const title = REDIS_URL
  ? 'realtime across two backend instances on Redis'
  : 'realtime across two backend instances on Redis (skipped: REDIS_URL is not set)';

type Instance = {
  app: Express;
  services: Services;
  stream: RedisClinicEventStream;
  cache: RedisCache;
  publisher: EventPublisher;
  server: RealtimeServer;
};

describeWithRedis(title, () => {
  const db = createTestDb();
  // Unique per run: keys, channels and tickets of parallel runs never meet.
  const keyPrefix = `voxanne-test:${randomUUID()}:`;
  let first: Instance;
  let second: Instance;
  let demoId: string;
  let ownerToken: string;
  let staffToken: string;
  let northsideId: string;
  let northsideToken: string;
  const sockets: TestSocket[] = [];

  async function startInstance(): Promise<Instance> {
    const url = REDIS_URL ?? '';
    const stream = await createRedisClinicEventStream({ url, logger: silentLogger(), keyPrefix });
    const cache = await createRedisCache({ url, logger: silentLogger(), keyPrefix });
    const tickets = createRealtimeTicketService({ cache });
    const { app, deps } = createTestApp(db, { realtimeTickets: tickets }, { stream });
    const server = await startRealtimeServer(app, {
      stream,
      tickets,
      allowedOrigins: ['http://localhost:3000'],
      metrics: deps.metrics,
      logger: silentLogger(),
    });
    return { app, services: deps.services, stream, cache, publisher: createEventPublisher({ stream, logger: silentLogger() }), server };
  }

  async function open(instance: Instance, ticket: string, query: Record<string, string | number | undefined> = {}) {
    const socket = await connectOpen(instance.server.wsUrl, { ticket, ...query });
    sockets.push(socket);
    return socket;
  }

  const alert = (instance: Instance, text: string) =>
    instance.publisher.publish({ clinicId: demoId, type: 'alert', data: { kind: 'escalation', severity: 'medium', text } });

  const idsOf = (socket: TestSocket) => socket.events.map((event) => event.id);

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    first = await startInstance();
    second = await startInstance();
    const login = async (email: string) => {
      const response = await request(first.app).post('/api/v1/auth/login').send({ email, password: email.startsWith('owner') ? 'demo-owner-pass' : 'demo-staff-pass' });
      return response.body.token as string;
    };
    ownerToken = await login('owner@demo.clinic');
    staffToken = await login('staff@demo.clinic');
    northsideToken = await login('owner@northside.clinic');
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map(closeSocket));
  });

  afterAll(async () => {
    for (const instance of [first, second]) {
      await instance.server.stop();
      await instance.stream.close();
      await instance.cache.close();
    }
    await db.close();
  });

  it('honours a ticket minted on one instance on the other, exactly once', async () => {
    const ticket = await mintTicket(first.app, ownerToken);
    await open(second, ticket);
    expect(await connect(first.server.wsUrl, { ticket })).toEqual({ status: 401 });
    expect(await connect(second.server.wsUrl, { ticket })).toEqual({ status: 401 });
  });

  it("delivers an event produced by instance A's HTTP API to a socket on instance B", async () => {
    const onSecond = await open(second, await mintTicket(second.app, ownerToken));
    const onFirst = await open(first, await mintTicket(first.app, ownerToken));
    const { escalation } = await first.services.escalations.createEscalation(demoId, {
      kind: 'human',
      severity: 'medium',
      channel: 'sms',
      summary: 'Patient asked for reception.',
    });
    const response = await request(first.app)
      .patch(`/api/v1/clinics/${demoId}/escalations/${escalation.id}`)
      .set('Authorization', `Bearer ${staffToken}`)
      .send({ status: 'acknowledged' });
    expect(response.status).toBe(200);

    await onSecond.waitForEvents(2);
    expect(onSecond.events.map((event) => [event.type, event.data])).toEqual([
      ['escalation.created', expect.objectContaining({ id: escalation.id, status: 'open' })],
      ['escalation.updated', expect.objectContaining({ id: escalation.id, status: 'acknowledged' })],
    ]);
    await onFirst.waitForEvents(2);
    expect(onFirst.events).toEqual(onSecond.events);
  });

  it('gives concurrent publishers on both instances one strictly increasing id sequence on every socket', async () => {
    const onFirst = await open(first, await mintTicket(first.app, ownerToken));
    const onSecond = await open(second, await mintTicket(second.app, ownerToken));
    await Promise.all(Array.from({ length: 200 }, (_, index) => alert(index % 2 === 0 ? first : second, `concurrent ${index}`)));

    await onFirst.waitForEvents(200);
    await onSecond.waitForEvents(200);
    const ids = idsOf(onFirst);
    const start = ids[0] ?? 0;
    expect(ids).toEqual(Array.from({ length: 200 }, (_, index) => start + index));
    expect(idsOf(onSecond)).toEqual(ids);
  });

  it('replays on instance B exactly what a client missed after leaving instance A', async () => {
    const onFirst = await open(first, await mintTicket(first.app, ownerToken));
    await alert(first, 'seen');
    await onFirst.waitForEvents(1);
    const lastSeen = onFirst.events.at(-1)?.id ?? 0;
    await closeSocket(onFirst);

    for (let index = 0; index < 10; index += 1) await alert(index % 2 === 0 ? first : second, `missed ${index}`);
    const live = Promise.all(Array.from({ length: 20 }, (_, index) => alert(index % 2 === 0 ? first : second, `live ${index}`)));
    const onSecond = await open(second, await mintTicket(second.app, ownerToken), { after: lastSeen });
    await live;

    await onSecond.waitForEvents(30);
    expect(idsOf(onSecond)).toEqual(Array.from({ length: 30 }, (_, index) => lastSeen + index + 1));
    expect(onSecond.events.slice(0, 10).map((event) => event.data)).toEqual(
      Array.from({ length: 10 }, (_, index) => expect.objectContaining({ text: `missed ${index}` })),
    );
  });

  it('closes sockets with 1012 when the clinic counter starts over, and the reconnect replays the new window', async () => {
    const northsideAlert = (instance: Instance, text: string) =>
      instance.publisher.publish({ clinicId: northsideId, type: 'alert', data: { kind: 'escalation', severity: 'low', text } });
    const socket = await open(second, await mintTicket(second.app, northsideToken));
    for (const text of ['a', 'b', 'c']) await northsideAlert(first, text);
    await socket.waitForEvents(3);
    const lastSeen = socket.events.at(-1)?.id ?? 0;

    // What idle expiry does to the keys, without waiting a day.
    const admin = createClient({ url: REDIS_URL ?? '' });
    await admin.connect();
    await admin.del([`${keyPrefix}event-stream:{${northsideId}}:counter`, `${keyPrefix}event-stream:{${northsideId}}:events`]);
    await admin.close();
    await northsideAlert(first, 'after reset');

    expect(await socket.closed).toEqual({ code: 1012, reason: 'event stream reset' });
    const reconnected = await open(first, await mintTicket(first.app, northsideToken), { after: lastSeen });
    await northsideAlert(second, 'next');
    await reconnected.waitForEvents(2);
    expect(reconnected.events.map((event) => [event.id, (event.data as { text?: string }).text])).toEqual([
      [1, 'after reset'],
      [2, 'next'],
    ]);
  });
});
