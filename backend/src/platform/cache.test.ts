import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createInProcessCache, type Cache } from './cache';
import { createRedisCache } from './redis-cache';
import { silentLogger } from '../../test/support/test-db';

const REDIS_URL = process.env.REDIS_URL;
const EXPIRY_WAIT_LIMIT_MS = 5_000;
const EXPIRY_POLL_INTERVAL_MS = 50;

// Unique per run, so parallel runs against one Redis never see each other's keys.
const keyPrefix = `voxanne-test:${randomUUID()}:`;

type CacheHarness = {
  cache: Cache;
  /** Resolves once `key`, stored with a 1-second TTL, has expired; rejects if it never does. */
  waitForOneSecondExpiry(key: string): Promise<void>;
};

function describeCacheContract(describeFn: jest.Describe, title: string, openHarness: () => Promise<CacheHarness>) {
  describeFn(title, () => {
    let harness: CacheHarness;
    let cache: Cache;
    beforeEach(async () => {
      harness = await openHarness();
      cache = harness.cache;
    });
    afterEach(() => cache.close());

    it('gets what was set, misses what was not, and forgets what was deleted', async () => {
      await cache.set('clinic:1', { name: 'Glow Aesthetics', rooms: 3 }, 60);
      await cache.set('flag', false, 60);
      await cache.set('nothing', null, 60);

      expect(await cache.get('clinic:1')).toEqual({ name: 'Glow Aesthetics', rooms: 3 });
      expect(await cache.get('flag')).toBe(false);
      expect(await cache.get('nothing')).toBeNull();
      expect(await cache.get('clinic:2')).toBeUndefined();

      await cache.delete('clinic:1');
      await cache.delete('never-set');
      expect(await cache.get('clinic:1')).toBeUndefined();
    });

    it('takes a value once: of 10 concurrent takers exactly one gets it', async () => {
      await cache.set('ticket', { userId: 'u1' }, 60);
      const taken = await Promise.all(Array.from({ length: 10 }, () => cache.take('ticket')));
      expect(taken.filter((value) => value !== undefined)).toEqual([{ userId: 'u1' }]);
      expect(await cache.get('ticket')).toBeUndefined();
      expect(await cache.take('never-set')).toBeUndefined();
    });

    it('overwrites a value on set', async () => {
      await cache.set('greeting', 'hello', 60);
      await cache.set('greeting', 'hi', 60);
      expect(await cache.get('greeting')).toBe('hi');
    });

    it('expires a value after its TTL', async () => {
      await cache.set('short-lived', 'soon gone', 1);
      expect(await cache.get('short-lived')).toBe('soon gone');

      await harness.waitForOneSecondExpiry('short-lived');

      expect(await cache.get('short-lived')).toBeUndefined();
    });

    it('hands out copies: mutating a value given or received never changes the cache', async () => {
      const stored = { services: ['botox'] };
      await cache.set('services', stored, 60);
      stored.services.push('changed after set');

      const first = await cache.get<{ services: string[] }>('services');
      first?.services.push('changed after get');
      const second = await cache.get<{ services: string[] }>('services');

      expect(second).toEqual({ services: ['botox'] });
      expect(second).not.toBe(first);
    });

    it('computes once for 10 concurrent getOrSet callers and gives each its own copy', async () => {
      let releaseComputation: () => void = () => undefined;
      const computationMayFinish = new Promise<void>((resolve) => {
        releaseComputation = resolve;
      });
      const compute = jest.fn(async () => {
        await computationMayFinish;
        return { slots: ['09:00', '09:30'] };
      });

      const callers = Array.from({ length: 10 }, () => cache.getOrSet('slots', 60, compute));
      releaseComputation();
      const results = await Promise.all(callers);

      expect(compute).toHaveBeenCalledTimes(1);
      for (const result of results) expect(result).toEqual({ slots: ['09:00', '09:30'] });
      expect(new Set(results).size).toBe(10);

      const later = await cache.getOrSet('slots', 60, compute);
      expect(later).toEqual({ slots: ['09:00', '09:30'] });
      expect(compute).toHaveBeenCalledTimes(1);
    });

    it('shares a failed computation with its joiners, caches nothing, and computes afresh next time', async () => {
      const failing = jest.fn(async () => {
        throw new Error('upstream down');
      });
      const attempts = Array.from({ length: 3 }, () => cache.getOrSet('flaky', 60, failing));
      for (const attempt of attempts) await expect(attempt).rejects.toThrow('upstream down');
      expect(failing).toHaveBeenCalledTimes(1);

      expect(await cache.getOrSet('flaky', 60, async () => 'recovered')).toBe('recovered');
      expect(await cache.get('flaky')).toBe('recovered');
    });

    it('returns but does not cache a computed undefined', async () => {
      expect(await cache.getOrSet('absent', 60, async () => undefined)).toBeUndefined();
      expect(await cache.getOrSet('absent', 60, async () => 'found later')).toBe('found later');
    });

    it('refuses invalid TTLs and values that are not JSON-serialisable', async () => {
      await expect(cache.set('key', 'value', 0)).rejects.toThrow(RangeError);
      await expect(cache.set('key', 'value', 1.5)).rejects.toThrow(RangeError);
      await expect(cache.getOrSet('key', -1, async () => 'value')).rejects.toThrow(RangeError);
      await expect(cache.set('key', undefined, 60)).rejects.toThrow(/JSON-serialisable/);
      await expect(cache.set('key', { count: 1n }, 60)).rejects.toThrow(TypeError);
    });
  });
}

function createFakeClock() {
  let nowMs = Date.parse('2025-03-01T09:00:00Z');
  return {
    now: () => nowMs,
    advanceMs: (ms: number) => {
      nowMs += ms;
    },
  };
}

describeCacheContract(describe, 'in-process cache', async () => {
  const clock = createFakeClock();
  return {
    cache: createInProcessCache({ now: clock.now }),
    waitForOneSecondExpiry: async () => clock.advanceMs(1_000),
  };
});

describe('in-process cache specifics', () => {
  it('keeps a value until the last millisecond of its TTL, measured from the latest set', async () => {
    const clock = createFakeClock();
    const cache = createInProcessCache({ now: clock.now });
    await cache.set('hours', 'open', 10);
    clock.advanceMs(5_000);
    await cache.set('hours', 'open late', 10);

    clock.advanceMs(9_999);
    expect(await cache.get('hours')).toBe('open late');
    clock.advanceMs(1);
    expect(await cache.get('hours')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createInProcessCache({ maxEntries: 3 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.set('c', 3, 60);
    await cache.get('a');

    await cache.set('d', 4, 60);

    expect(await cache.get('b')).toBeUndefined();
    expect([await cache.get('a'), await cache.get('c'), await cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('refuses a maxEntries that cannot hold anything', () => {
    expect(() => createInProcessCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});

const describeWithRedis = REDIS_URL ? describe : describe.skip;
const redisTitle = REDIS_URL ? 'redis cache' : 'redis cache (skipped: REDIS_URL is not set)';
const createTestRedisCache = (prefix = keyPrefix) =>
  createRedisCache({ url: REDIS_URL ?? '', keyPrefix: prefix, logger: silentLogger() });

async function waitUntilGone(cache: Cache, key: string): Promise<void> {
  const deadline = Date.now() + EXPIRY_WAIT_LIMIT_MS;
  while ((await cache.get(key)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`${key} did not expire within ${EXPIRY_WAIT_LIMIT_MS} ms`);
    await delay(EXPIRY_POLL_INTERVAL_MS);
  }
}

describeCacheContract(describeWithRedis, redisTitle, async () => {
  const cache = await createTestRedisCache();
  return { cache, waitForOneSecondExpiry: (key) => waitUntilGone(cache, key) };
});

describeWithRedis(`${redisTitle}: across instances`, () => {
  it('shares entries between instances, under the key prefix', async () => {
    const instanceA = await createTestRedisCache();
    const instanceB = await createTestRedisCache();
    const unprefixed = await createTestRedisCache('');
    try {
      await instanceA.set('shared', { from: 'A' }, 60);

      expect(await instanceB.get('shared')).toEqual({ from: 'A' });
      expect(await unprefixed.get(`${keyPrefix}shared`)).toEqual({ from: 'A' });
      await expect(instanceA.ping()).resolves.toBeUndefined();
    } finally {
      await Promise.all([instanceA.close(), instanceB.close(), unprefixed.close()]);
    }
  });
});
