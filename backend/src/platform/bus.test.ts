import { randomUUID } from 'node:crypto';
import { createInProcessBus, type EventBus } from './bus';
import { createRedisBus } from './redis-bus';
import { silentLogger } from '../../test/support/test-db';

const REDIS_URL = process.env.REDIS_URL;
const WAIT_TIMEOUT_MS = 5_000;

// Unique per run, so parallel runs against one Redis never see each other's messages.
const channelPrefix = `voxanne-test:${randomUUID()}:`;
let channelCount = 0;
const newChannel = () => `${channelPrefix}${++channelCount}`;

async function withinTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A handler that records payloads, and a promise settled once `expectedCount` have arrived. */
function recorder(expectedCount = 1) {
  const payloads: unknown[] = [];
  let markComplete: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => {
    markComplete = resolve;
  });
  return {
    payloads,
    handler: (payload: unknown) => {
      payloads.push(payload);
      if (payloads.length === expectedCount) markComplete();
    },
    received: async () => {
      await withinTimeout(complete, `${expectedCount} message(s)`);
      return payloads;
    },
  };
}

function describeBusContract(describeFn: jest.Describe, title: string, createBus: () => Promise<EventBus>) {
  describeFn(title, () => {
    const openBuses: EventBus[] = [];
    const openBus = async () => {
      const bus = await createBus();
      openBuses.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(openBuses.splice(0).map((bus) => bus.close()));
    });

    it('delivers each message to every subscriber of the channel', async () => {
      const bus = await openBus();
      const channel = newChannel();
      const first = recorder();
      const second = recorder();
      await bus.subscribe(channel, first.handler);
      await bus.subscribe(channel, second.handler);

      await bus.publish(channel, { callId: 'call-1', status: 'in-progress' });

      expect(await first.received()).toEqual([{ callId: 'call-1', status: 'in-progress' }]);
      expect(await second.received()).toEqual([{ callId: 'call-1', status: 'in-progress' }]);
    });

    it('keeps the publish order of 200 messages on a channel', async () => {
      const bus = await openBus();
      const channel = newChannel();
      const received = recorder(200);
      await bus.subscribe(channel, received.handler);

      const sequence = Array.from({ length: 200 }, (_, index) => index);
      await Promise.all(sequence.map((seq) => bus.publish(channel, { seq })));

      expect(await received.received()).toEqual(sequence.map((seq) => ({ seq })));
    });

    it('delivers a message only on its own channel', async () => {
      const bus = await openBus();
      const [channelA, channelB] = [newChannel(), newChannel()];
      const onA = recorder();
      const onB = recorder();
      await bus.subscribe(channelA, onA.handler);
      await bus.subscribe(channelB, onB.handler);

      await bus.publish(channelA, 'for A');
      await bus.publish(channelB, 'for B');

      expect(await onA.received()).toEqual(['for A']);
      expect(await onB.received()).toEqual(['for B']);
    });

    it('stops delivering to a subscriber once it unsubscribes', async () => {
      const bus = await openBus();
      const channel = newChannel();
      const leaving = recorder();
      const staying = recorder(2);
      const unsubscribe = await bus.subscribe(channel, leaving.handler);
      await bus.subscribe(channel, staying.handler);
      await bus.publish(channel, 'before');
      await leaving.received();

      await unsubscribe();
      await unsubscribe();
      await bus.publish(channel, 'after');

      // Same channel, so by the time `staying` has 'after', `leaving` would have had it too.
      expect(await staying.received()).toEqual(['before', 'after']);
      expect(leaving.payloads).toEqual(['before']);
    });

    it('keeps delivering to other subscribers when one throws or rejects', async () => {
      const bus = await openBus();
      const channel = newChannel();
      const healthy = recorder(2);
      await bus.subscribe(channel, () => {
        throw new Error('subscriber bug');
      });
      await bus.subscribe(channel, async () => {
        throw new Error('async subscriber bug');
      });
      await bus.subscribe(channel, healthy.handler);

      await expect(bus.publish(channel, 1)).resolves.toBeUndefined();
      await bus.publish(channel, 2);

      expect(await healthy.received()).toEqual([1, 2]);
    });

    it('gives every subscriber its own copy of the payload', async () => {
      const bus = await openBus();
      const channel = newChannel();
      const published = { clinicId: 'clinic-1', tags: ['new'] };
      const seenBySecond = recorder();
      await bus.subscribe(channel, (payload) => {
        (payload as { tags: string[] }).tags.push('mutated by first');
      });
      await bus.subscribe(channel, seenBySecond.handler);

      await bus.publish(channel, published);
      published.tags.push('mutated by publisher');

      const [copy] = await seenBySecond.received();
      expect(copy).toEqual({ clinicId: 'clinic-1', tags: ['new'] });
      expect(copy).not.toBe(published);
    });

    it('refuses a payload that is not JSON-serialisable, and use after close', async () => {
      const bus = await openBus();
      await expect(bus.publish(newChannel(), undefined)).rejects.toThrow(/JSON-serialisable/);
      await expect(bus.publish(newChannel(), { count: 1n })).rejects.toThrow(TypeError);

      await bus.close();
      await expect(bus.publish(newChannel(), 'late')).rejects.toThrow(/closed/);
      await expect(bus.subscribe(newChannel(), () => undefined)).rejects.toThrow(/closed/);
    });
  });
}

describeBusContract(describe, 'in-process event bus', async () => createInProcessBus());

describe('in-process event bus specifics', () => {
  it('never runs a subscriber inside the publish call', async () => {
    const bus = createInProcessBus();
    const channel = newChannel();
    const received = recorder();
    await bus.subscribe(channel, received.handler);

    const publishing = bus.publish(channel, 'hello');
    expect(received.payloads).toEqual([]);
    await publishing;

    expect(await received.received()).toEqual(['hello']);
    await bus.close();
  });

  it('reports subscriber failures, sync and async, to onError with their channel', async () => {
    const failures = recorder(2);
    const bus = createInProcessBus({
      onError: (error, channel) => failures.handler({ message: (error as Error).message, channel }),
    });
    const channel = newChannel();
    await bus.subscribe(channel, () => {
      throw new Error('sync failure');
    });
    await bus.subscribe(channel, async () => {
      throw new Error('async failure');
    });

    await bus.publish(channel, 'boom');

    expect(await failures.received()).toEqual(
      expect.arrayContaining([
        { message: 'sync failure', channel },
        { message: 'async failure', channel },
      ]),
    );
    await bus.close();
  });
});

const describeWithRedis = REDIS_URL ? describe : describe.skip;
const redisTitle = REDIS_URL ? 'redis event bus' : 'redis event bus (skipped: REDIS_URL is not set)';
const createTestRedisBus = () => createRedisBus({ url: REDIS_URL ?? '', logger: silentLogger() });

describeBusContract(describeWithRedis, redisTitle, createTestRedisBus);

describeWithRedis(`${redisTitle}: across instances`, () => {
  it('delivers a message published on one instance to subscribers on every instance', async () => {
    const [instanceA, instanceB] = await Promise.all([createTestRedisBus(), createTestRedisBus()]);
    try {
      const channel = newChannel();
      const onA = recorder(2);
      const onB = recorder(2);
      await instanceA.subscribe(channel, onA.handler);
      await instanceB.subscribe(channel, onB.handler);

      await instanceA.publish(channel, { from: 'A' });
      await instanceB.publish(channel, { from: 'B' });

      // The first publish is acknowledged before the second is sent, so Redis orders them for everyone.
      expect(await onB.received()).toEqual([{ from: 'A' }, { from: 'B' }]);
      expect(await onA.received()).toEqual([{ from: 'A' }, { from: 'B' }]);
    } finally {
      await Promise.all([instanceA.close(), instanceB.close()]);
    }
  });

  it('answers ping while connected', async () => {
    const bus = await createTestRedisBus();
    try {
      await expect(bus.ping()).resolves.toBeUndefined();
    } finally {
      await bus.close();
    }
  });
});
