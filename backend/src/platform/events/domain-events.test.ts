import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createInProcessBus, type EventBus } from '../bus';
import { createLogger } from '../logger';
import { createRedisBus } from '../redis-bus';
import { silentLogger } from '../../../test/support/test-db';
import {
  clinicEventsChannel,
  createEventPublisher,
  InvalidDomainEventError,
  isDomainEventOfType,
  subscribeClinicEvents,
  type DomainEvent,
} from './domain-events';

const REDIS_URL = process.env.REDIS_URL;
const WAIT_TIMEOUT_MS = 5_000;
const fixedClock = { now: () => new Date('2026-03-02T09:30:00.000Z') };

function collector() {
  const events: DomainEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    events,
    handler: (event: DomainEvent) => {
      events.push(event);
      for (const waiter of waiters) if (events.length >= waiter.count) waiter.resolve();
    },
    async waitFor(count: number): Promise<DomainEvent[]> {
      if (events.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} event(s)`)), WAIT_TIMEOUT_MS);
          waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
        });
      }
      return events;
    },
  };
}

/** Lets in-flight deliveries land (in-process uses setImmediate; Redis needs a round trip). */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', stream }), lines };
}

function describePublisherContract(describeFn: jest.Describe, title: string, createBus: () => Promise<EventBus>, settleMs: number) {
  describeFn(title, () => {
    let bus: EventBus;
    beforeEach(async () => {
      bus = await createBus();
    });
    afterEach(() => bus.close());

    it('publishes {type, clinicId, callId, at, data} on the clinic channel and nowhere else', async () => {
      const clinicId = randomUUID();
      const otherClinicId = randomUUID();
      const own = collector();
      const other = collector();
      await subscribeClinicEvents(bus, clinicId, own.handler);
      await subscribeClinicEvents(bus, otherClinicId, other.handler);
      const publisher = createEventPublisher({ bus, clock: fixedClock, logger: silentLogger() });
      const callId = randomUUID();

      await publisher.publish({ clinicId, type: 'transcript', callId, data: { seq: 3, role: 'user', text: 'Hello', final: true } });
      await publisher.publish({ clinicId, type: 'alert', data: { kind: 'emergency', severity: 'critical', text: 'Chest pain' } });

      expect(await own.waitFor(2)).toEqual([
        { type: 'transcript', clinicId, callId, at: '2026-03-02T09:30:00.000Z', data: { seq: 3, role: 'user', text: 'Hello', final: true } },
        { type: 'alert', clinicId, at: '2026-03-02T09:30:00.000Z', data: { kind: 'emergency', severity: 'critical', text: 'Chest pain' } },
      ]);
      expect(own.events[1]).not.toHaveProperty('callId');
      expect(own.events.filter((event) => isDomainEventOfType(event, 'alert')).map((event) => event.data.severity)).toEqual(['critical']);
      await settle(settleMs);
      expect(other.events).toEqual([]);
    });

    it('rejects data that does not match the event type, publishing nothing', async () => {
      const clinicId = randomUUID();
      const received = collector();
      await subscribeClinicEvents(bus, clinicId, received.handler);
      const publisher = createEventPublisher({ bus, logger: silentLogger() });

      await expect(
        publisher.publish({ clinicId, type: 'alert', data: { kind: 'fire', severity: 'high', text: 'x' } as never }),
      ).rejects.toThrow(InvalidDomainEventError);
      await expect(
        publisher.publish({ clinicId, type: 'transcript', data: { seq: -1, role: 'user', text: 'x', final: true } }),
      ).rejects.toThrow(/seq/);
      await expect(publisher.publish({ clinicId, type: 'no.such.type' as never, data: {} as never })).rejects.toThrow(
        InvalidDomainEventError,
      );
      await settle(settleMs);
      expect(received.events).toEqual([]);
    });

    it('hands malformed payloads on the channel to onInvalid, never to the handler', async () => {
      const clinicId = randomUUID();
      const received = collector();
      const invalid: unknown[] = [];
      await subscribeClinicEvents(bus, clinicId, received.handler, { onInvalid: (payload) => invalid.push(payload) });

      await bus.publish(clinicEventsChannel(clinicId), { type: 'alert', clinicId, at: 'yesterday', data: {} });
      await bus.publish(clinicEventsChannel(clinicId), { type: 'alert', clinicId: randomUUID(), at: fixedClock.now().toISOString(), data: { kind: 'emergency', severity: 'high', text: 'x' } });
      await bus.publish(clinicEventsChannel(clinicId), { type: 'alert', clinicId, at: fixedClock.now().toISOString(), data: { kind: 'emergency' } });
      await createEventPublisher({ bus, logger: silentLogger() }).publish({
        clinicId,
        type: 'call.status',
        data: { status: 'in-progress' },
      });

      const [event] = await received.waitFor(1);
      expect(event).toMatchObject({ type: 'call.status', data: { status: 'in-progress' } });
      expect(invalid).toHaveLength(3);
    });
  });
}

describePublisherContract(describe, 'event publisher on the in-process bus', async () => createInProcessBus(), 20);

const describeWithRedis = REDIS_URL ? describe : describe.skip;
describePublisherContract(
  describeWithRedis,
  REDIS_URL ? 'event publisher on the Redis bus' : 'event publisher on the Redis bus (skipped: REDIS_URL is not set)',
  () => createRedisBus({ url: REDIS_URL ?? '', logger: silentLogger() }),
  200,
);

describe('event publisher when the bus is down', () => {
  it('logs a warning and resolves: the domain change has already committed', async () => {
    const bus = createInProcessBus();
    await bus.close();
    const { logger, lines } = capturingLogger();
    const publisher = createEventPublisher({ bus, logger });
    const clinicId = randomUUID();

    await expect(
      publisher.publish({ clinicId, type: 'alert', data: { kind: 'escalation', severity: 'high', text: 'Patient asked for a human' } }),
    ).resolves.toBeUndefined();

    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'domain event not published: bus unavailable', eventType: 'alert', clinicId }),
    ]);
  });

  it('still throws for invalid data, even with the bus down', async () => {
    const bus = createInProcessBus();
    await bus.close();
    const publisher = createEventPublisher({ bus, logger: silentLogger() });
    await expect(
      publisher.publish({ clinicId: randomUUID(), type: 'call.ended', data: { outcome: 'booked' } as never }),
    ).rejects.toThrow(InvalidDomainEventError);
  });
});
