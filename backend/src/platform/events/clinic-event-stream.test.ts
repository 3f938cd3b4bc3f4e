import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { silentLogger } from '../../../test/support/test-db';
import { waitUntil } from '../../../test/support/job-testing';
import { createInProcessBus } from '../bus';
import {
  countEntriesToTrim,
  createInProcessClinicEventStream,
  DEFAULT_REPLAY_RETENTION,
  type ClinicEventStream,
  type ReplayRetention,
  type StreamedEvent,
} from './clinic-event-stream';
import { createEventPublisher, subscribeClinicEvents, type DomainEvent } from './domain-events';
import { createRedisClinicEventStream } from './redis-clinic-event-stream';

const REDIS_URL = process.env.REDIS_URL;
// Unique per run, so parallel runs against one Redis never see each other's keys or channels.
const keyPrefix = `voxanne-test:${randomUUID()}:`;

function alert(clinicId: string, text: string): DomainEvent {
  return { type: 'alert', clinicId, at: new Date().toISOString(), data: { kind: 'escalation', severity: 'high', text } };
}

const textOf = (event: StreamedEvent) => (event.data as { text?: string }).text;

function recorder() {
  const events: StreamedEvent[] = [];
  return { events, handler: (event: StreamedEvent) => void events.push(event) };
}

describe('countEntriesToTrim', () => {
  const retention: ReplayRetention = { minAgeMs: 600, minEvents: 3, maxEvents: 6 };
  const agesFor = (ages: number[]) => (rank: number) => ages[rank] ?? 0;

  it.each([
    { title: 'keeps everything up to the minimum count, however old', ages: [900, 800, 700], expected: 0 },
    { title: 'drops old entries beyond the minimum count', ages: [900, 800, 700, 650, 100], expected: 2 },
    { title: 'never drops into the newest minimum, even when all are old', ages: [900, 800, 700, 650, 640], expected: 2 },
    { title: 'keeps recent entries beyond the minimum count', ages: [500, 400, 300, 200, 100], expected: 0 },
    { title: 'an entry exactly at the minimum age stays', ages: [600, 500, 400, 300], expected: 0 },
    { title: 'the hard cap wins over the minimum age', ages: [50, 40, 30, 20, 10, 5, 4, 3], expected: 2 },
  ])('$title', ({ ages, expected }) => {
    expect(countEntriesToTrim(ages.length, retention, agesFor(ages))).toBe(expected);
  });

  it('defaults to at least 10 minutes and 5,000 events, at most 20,000', () => {
    expect(DEFAULT_REPLAY_RETENTION).toEqual({ minAgeMs: 600_000, minEvents: 5_000, maxEvents: 20_000 });
  });
});

function describeStreamContract(
  describeFn: jest.Describe,
  title: string,
  openStream: (retention?: Partial<ReplayRetention>) => Promise<ClinicEventStream>,
) {
  describeFn(title, () => {
    const opened: ClinicEventStream[] = [];
    const open = async (retention?: Partial<ReplayRetention>) => {
      const stream = await openStream(retention);
      opened.push(stream);
      return stream;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((stream) => stream.close()));
    });

    it('numbers each clinic from 1, strictly increasing, independently of other clinics', async () => {
      const stream = await open();
      const demo = randomUUID();
      const northside = randomUUID();
      const ids: [string | undefined, number][] = [];
      for (const [clinicId, text] of [[demo, 'a'], [northside, 'b'], [demo, 'c'], [demo, 'd'], [northside, 'e']] as const) {
        const streamed = await stream.append(alert(clinicId, text));
        ids.push([textOf(streamed), streamed.id]);
      }
      expect(ids).toEqual([['a', 1], ['b', 1], ['c', 2], ['d', 3], ['e', 2]]);
    });

    it('returns the event as it goes on the wire, id first, without a missing callId', async () => {
      const stream = await open();
      const clinicId = randomUUID();
      const event = alert(clinicId, 'Chest pain');
      const streamed = await stream.append(event);
      expect(Object.keys(streamed)).toEqual(['id', 'type', 'clinicId', 'at', 'data']);
      expect(streamed).toEqual({ id: 1, ...event });
      const withCall = await stream.append({ ...event, callId: 'call-1' });
      expect(Object.keys(withCall)).toEqual(['id', 'type', 'clinicId', 'callId', 'at', 'data']);
    });

    it('reads the events after an id, the whole window after 0, and nothing after the last', async () => {
      const stream = await open();
      const clinicId = randomUUID();
      for (const text of ['1', '2', '3', '4']) await stream.append(alert(clinicId, text));
      await stream.append(alert(randomUUID(), 'other clinic'));

      expect((await stream.readAfter(clinicId, 2)).map((event) => [event.id, textOf(event)])).toEqual([[3, '3'], [4, '4']]);
      expect((await stream.readAfter(clinicId, 0)).map((event) => event.id)).toEqual([1, 2, 3, 4]);
      expect(await stream.readAfter(clinicId, 4)).toEqual([]);
      expect(await stream.readAfter(randomUUID(), 0)).toEqual([]);
    });

    it('treats an id beyond the counter as a reset and replays the whole window', async () => {
      const stream = await open();
      const clinicId = randomUUID();
      for (const text of ['1', '2']) await stream.append(alert(clinicId, text));
      expect((await stream.readAfter(clinicId, 500)).map((event) => event.id)).toEqual([1, 2]);
    });

    it('keeps the newest minimum count when old events are trimmed, and never more than the cap', async () => {
      const ageless = await open({ minAgeMs: 0, minEvents: 3, maxEvents: 10 });
      const clinicId = randomUUID();
      for (let index = 1; index <= 7; index += 1) await ageless.append(alert(clinicId, String(index)));
      // Events stored in the same millisecond are not older than 0 ms; wait so they are.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ageless.append(alert(clinicId, '8'));
      expect((await ageless.readAfter(clinicId, 0)).map((event) => event.id)).toEqual([6, 7, 8]);

      const capped = await open({ minAgeMs: 3_600_000, minEvents: 2, maxEvents: 4 });
      const busyClinicId = randomUUID();
      for (let index = 1; index <= 9; index += 1) await capped.append(alert(busyClinicId, String(index)));
      expect((await capped.readAfter(busyClinicId, 0)).map((event) => event.id)).toEqual([6, 7, 8, 9]);
    });

    it('fans events out to the subscribers of their clinic, in id order, until they unsubscribe', async () => {
      const stream = await open();
      const clinicId = randomUUID();
      const own = recorder();
      const other = recorder();
      const unsubscribe = await stream.subscribe(clinicId, own.handler);
      await stream.subscribe(randomUUID(), other.handler);

      await Promise.all(Array.from({ length: 50 }, (_, index) => stream.append(alert(clinicId, String(index)))));
      await waitUntil(() => own.events.length === 50, { description: '50 events' });
      expect(own.events.map((event) => event.id)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));

      await unsubscribe();
      await stream.append(alert(clinicId, 'after unsubscribe'));
      const marker = recorder();
      await stream.subscribe(clinicId, marker.handler);
      await stream.append(alert(clinicId, 'marker'));
      await waitUntil(() => marker.events.length === 1, { description: 'the marker event' });
      expect(own.events).toHaveLength(50);
      expect(other.events).toEqual([]);
    });

    it('carries the events of createEventPublisher, with their ids', async () => {
      const stream = await open();
      const clinicId = randomUUID();
      const received = recorder();
      await stream.subscribe(clinicId, received.handler);
      const publisher = createEventPublisher({ stream, logger: silentLogger() });
      await publisher.publish({ clinicId, type: 'call.status', callId: 'call-9', data: { status: 'ringing' } });
      await waitUntil(() => received.events.length === 1, { description: 'the published event' });
      expect(received.events[0]).toMatchObject({ id: 1, type: 'call.status', clinicId, callId: 'call-9', data: { status: 'ringing' } });
      expect(await stream.readAfter(clinicId, 0)).toEqual(received.events);
    });
  });
}

describeStreamContract(describe, 'in-process clinic event stream', async (retention) =>
  createInProcessClinicEventStream(retention ? { retention } : {}),
);

describe('in-process clinic event stream specifics', () => {
  it('trims by age on the injected clock', async () => {
    let nowMs = 1_000_000;
    const stream = createInProcessClinicEventStream({ retention: { minAgeMs: 1_000, minEvents: 2, maxEvents: 100 }, now: () => nowMs });
    const clinicId = randomUUID();
    for (let index = 1; index <= 5; index += 1) await stream.append(alert(clinicId, String(index)));
    nowMs += 1_000;
    expect(await stream.readAfter(clinicId, 0)).toHaveLength(5);
    nowMs += 1;
    expect((await stream.readAfter(clinicId, 0)).map((event) => event.id)).toEqual([4, 5]);
    await stream.close();
  });

  it('fans out on a shared bus, where subscribeClinicEvents sees the events without their ids', async () => {
    const bus = createInProcessBus();
    const stream = createInProcessClinicEventStream({ bus });
    const clinicId = randomUUID();
    const seen: DomainEvent[] = [];
    await subscribeClinicEvents(bus, clinicId, (event) => void seen.push(event));
    const event = alert(clinicId, 'hello');
    await stream.append(event);
    await waitUntil(() => seen.length === 1, { description: 'the event on the bus' });
    expect(seen).toEqual([event]);
    await stream.close();
    await bus.close();
  });
});

const describeWithRedis = REDIS_URL ? describe : describe.skip;
const redisTitle = REDIS_URL ? 'Redis clinic event stream' : 'Redis clinic event stream (skipped: REDIS_URL is not set)';
const openRedisStream = (retention?: Partial<ReplayRetention>) =>
  createRedisClinicEventStream({ url: REDIS_URL ?? '', logger: silentLogger(), keyPrefix, ...(retention ? { retention } : {}) });

describeStreamContract(describeWithRedis, redisTitle, openRedisStream);

describeWithRedis(`${redisTitle}: across instances`, () => {
  it('gives concurrent appends on two instances one id sequence, seen in the same order everywhere', async () => {
    const first = await openRedisStream();
    const second = await openRedisStream();
    const clinicId = randomUUID();
    const onFirst = recorder();
    const onSecond = recorder();
    await first.subscribe(clinicId, onFirst.handler);
    await second.subscribe(clinicId, onSecond.handler);

    const appended = await Promise.all(
      Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? first : second).append(alert(clinicId, String(index)))),
    );
    expect(appended.map((event) => event.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    await waitUntil(() => onFirst.events.length === 100 && onSecond.events.length === 100, { description: '100 events on each' });
    const expectedIds = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(onFirst.events.map((event) => event.id)).toEqual(expectedIds);
    expect(onSecond.events.map((event) => event.id)).toEqual(expectedIds);
    expect(onSecond.events).toEqual(onFirst.events);
    await Promise.all([first.close(), second.close()]);
  });

  it('keys carry the prefix and a TTL; once they lapse the counter starts again and old positions replay it all', async () => {
    const stream = await createRedisClinicEventStream({ url: REDIS_URL ?? '', logger: silentLogger(), keyPrefix, keyTtlSeconds: 120 });
    const admin = createClient({ url: REDIS_URL ?? '' });
    await admin.connect();
    try {
      const clinicId = randomUUID();
      for (const text of ['1', '2', '3']) await stream.append(alert(clinicId, text));
      const keys = (await admin.keys(`${keyPrefix}event-stream:{${clinicId}}:*`)).sort();
      expect(keys).toEqual([`${keyPrefix}event-stream:{${clinicId}}:counter`, `${keyPrefix}event-stream:{${clinicId}}:events`]);
      for (const key of keys) {
        const ttl = await admin.ttl(key);
        expect(ttl).toBeGreaterThan(100);
        expect(ttl).toBeLessThanOrEqual(120);
      }

      await admin.del(keys);
      const restarted = await stream.append(alert(clinicId, 'after idle expiry'));
      expect(restarted.id).toBe(1);
      expect((await stream.readAfter(clinicId, 3)).map(textOf)).toEqual(['after idle expiry']);
    } finally {
      await admin.close();
      await stream.close();
    }
  });
});
