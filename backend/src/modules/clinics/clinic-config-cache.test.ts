import { createInProcessBus, type EventBus } from '../../platform/bus';
import { createLogger } from '../../platform/logger';
import { createRedisBus } from '../../platform/redis-bus';
import { createClinicConfigCache, type ClinicConfigCache } from './clinic-config-cache';

const REDIS_URL = process.env.REDIS_URL;
const logger = createLogger({ level: 'error', silent: true });

/** A loader that counts its calls and answers `value()` at the time of each call. */
function counting<T>(value: () => T) {
  const loader = { calls: 0, load: async () => {
    loader.calls += 1;
    return value();
  } };
  return loader;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('clinic config cache', () => {
  let nowMs: number;
  let cache: ClinicConfigCache;

  beforeEach(() => {
    nowMs = 1_000_000;
    cache = createClinicConfigCache({ logger, ttlMs: 60_000, now: () => nowMs });
  });
  afterEach(() => cache.close());

  it('loads a part once for concurrent and later readers, until the TTL passes', async () => {
    let stored = 'Europe/London';
    const loader = counting(() => ({ timezone: stored }));
    const reads = await Promise.all(Array.from({ length: 5 }, () => cache.read('clinic-a', 'profile', loader.load)));
    expect(reads).toEqual(Array.from({ length: 5 }, () => ({ timezone: 'Europe/London' })));
    expect(loader.calls).toBe(1);

    stored = 'Europe/Dublin';
    nowMs += 59_999;
    expect(await cache.read('clinic-a', 'profile', loader.load)).toEqual({ timezone: 'Europe/London' });
    nowMs += 1;
    expect(await cache.read('clinic-a', 'profile', loader.load)).toEqual({ timezone: 'Europe/Dublin' });
    expect(loader.calls).toBe(2);
  });

  it('keeps clinics and parts apart', async () => {
    expect(await cache.read('clinic-a', 'profile', async () => 'a profile')).toBe('a profile');
    expect(await cache.read('clinic-a', 'services', async () => 'a services')).toBe('a services');
    expect(await cache.read('clinic-b', 'profile', async () => 'b profile')).toBe('b profile');
    expect(await cache.read('clinic-a', 'profile', async () => 'reloaded')).toBe('a profile');
  });

  it('forgets a clinic when it changed, and only that clinic', async () => {
    await cache.read('clinic-a', 'profile', async () => 'old a');
    await cache.read('clinic-b', 'profile', async () => 'old b');
    await cache.changed('clinic-a');
    expect(await cache.read('clinic-a', 'profile', async () => 'new a')).toBe('new a');
    expect(await cache.read('clinic-b', 'profile', async () => 'new b')).toBe('old b');
  });

  it('does not keep what a load in flight returns once the clinic changed', async () => {
    let finish: (value: string) => void = () => undefined;
    const slow = cache.read('clinic-a', 'profile', () => new Promise<string>((resolve) => (finish = resolve)));
    await cache.changed('clinic-a');
    finish('read before the change');
    // Whoever asked before the change gets what was read then; nobody after it does.
    expect(await slow).toBe('read before the change');
    expect(await cache.read('clinic-a', 'profile', async () => 'read after the change')).toBe('read after the change');
  });

  it('does not remember a failed load', async () => {
    await expect(cache.read('clinic-a', 'profile', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.read('clinic-a', 'profile', async () => 'recovered')).toBe('recovered');
  });

  it('hands out frozen values, so no reader can change what the next one gets', async () => {
    const value = await cache.read('clinic-a', 'services', async () => [{ name: 'Facial', practitioners: [{ name: 'Dr Ada' }] }]);
    expect(() => {
      (value as { name: string }[])[0]!.name = 'changed';
    }).toThrow(TypeError);
    expect(() => (value[0]!.practitioners as { name: string }[]).push({ name: 'extra' })).toThrow(TypeError);
    expect(await cache.read('clinic-a', 'services', async () => [])).toEqual([{ name: 'Facial', practitioners: [{ name: 'Dr Ada' }] }]);
  });

  it('holds a bounded number of clinics, dropping the one cached first', async () => {
    const small = createClinicConfigCache({ logger, maxClinics: 2 });
    await small.read('clinic-a', 'profile', async () => 'a');
    await small.read('clinic-b', 'profile', async () => 'b');
    await small.read('clinic-c', 'profile', async () => 'c');
    expect(await small.read('clinic-b', 'profile', async () => 'reloaded b')).toBe('b');
    expect(await small.read('clinic-a', 'profile', async () => 'reloaded a')).toBe('reloaded a');
    await small.close();
  });
});

/** Two instances' buses: one shared in-process bus, or two Redis connections. */
function describeAcrossInstances(describeFn: jest.Describe, title: string, createBuses: () => Promise<[EventBus, EventBus]>) {
  describeFn(title, () => {
    it('a change saved on one instance reaches the cache of another', async () => {
      const [busA, busB] = await createBuses();
      const [a, b] = [createClinicConfigCache({ bus: busA, logger }), createClinicConfigCache({ bus: busB, logger })];
      try {
        expect(await b.read('clinic-a', 'schedule', async () => 'old hours')).toBe('old hours');
        // Announced again until B's subscription is in place; without the bus B keeps the old hours for the TTL.
        await until(async () => {
          await a.changed('clinic-a');
          return (await b.read('clinic-a', 'schedule', async () => 'new hours')) === 'new hours';
        });
        expect(await b.read('clinic-b', 'schedule', async () => 'other clinic')).toBe('other clinic');
      } finally {
        await Promise.all([a.close(), b.close()]);
        await Promise.all([...new Set([busA, busB])].map((bus) => bus.close()));
      }
    });
  });
}

describeAcrossInstances(describe, 'clinic config cache on the in-process bus', async () => {
  const bus = createInProcessBus();
  return [bus, bus];
});
describeAcrossInstances(
  REDIS_URL ? describe : describe.skip,
  REDIS_URL ? 'clinic config cache on the redis bus' : 'clinic config cache on the redis bus (skipped: REDIS_URL is not set)',
  async () => [await createRedisBus({ url: REDIS_URL ?? '', logger }), await createRedisBus({ url: REDIS_URL ?? '', logger })],
);
