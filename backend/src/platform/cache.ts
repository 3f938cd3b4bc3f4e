/**
 * The cache port. In-process by default; `redis-cache.ts` shares entries across instances. Both
 * keep values as JSON text, so every read hands out a fresh copy and nobody can change a cached
 * value by mutating what they were given.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** `value` must be JSON-serialisable; `ttlSeconds` a positive whole number of seconds. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Returns the value and deletes it in one step: of concurrent callers (on any instance, with
   * Redis) at most one gets it. For single-use secrets such as realtime tickets.
   */
  take<T>(key: string): Promise<T | undefined>;
  /**
   * Returns the cached value or computes, stores and returns it; concurrent callers for the same
   * key share one computation in-process (the first caller's `compute` and TTL). A computed
   * `undefined` is returned but not cached.
   */
  getOrSet<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where a cache keeps its JSON text; the semantics above live once, in `createCacheOnStore`. */
export type CacheStore = {
  read(key: string): Promise<string | undefined>;
  write(key: string, encodedValue: string, ttlSeconds: number): Promise<void>;
  remove(key: string): Promise<void>;
  /** Reads and removes atomically. */
  take(key: string): Promise<string | undefined>;
  close(): Promise<void>;
};

export type CacheOnStoreOptions = {
  /**
   * When given, `getOrSet` survives a failing store (reads as a miss, skips the write) and reports
   * here: a cache is an optimisation, so its outage should not fail work that can be computed.
   */
  onStoreError?: (error: unknown, key: string) => void;
};

export function createCacheOnStore(store: CacheStore, options: CacheOnStoreOptions = {}): Cache {
  const computationsInFlight = new Map<string, Promise<string | undefined>>();
  let isClosed = false;

  const assertOpen = () => {
    if (isClosed) throw new Error('cache is closed');
  };

  const tolerateStoreError = async <T>(key: string, operation: () => Promise<T>, fallback: T) => {
    if (!options.onStoreError) return operation();
    try {
      return await operation();
    } catch (error) {
      options.onStoreError(error, key);
      return fallback;
    }
  };

  const readOrCompute = async (key: string, ttlSeconds: number, compute: () => Promise<unknown>) => {
    const cached = await tolerateStoreError(key, () => store.read(key), undefined);
    if (cached !== undefined) return cached;
    const computed = await compute();
    if (computed === undefined) return undefined;
    const encoded = encodeCacheValue(computed);
    await tolerateStoreError(key, () => store.write(key, encoded, ttlSeconds), undefined);
    return encoded;
  };

  return {
    async get<T>(key: string) {
      assertOpen();
      const encoded = await store.read(key);
      return encoded === undefined ? undefined : (JSON.parse(encoded) as T);
    },

    async set(key, value, ttlSeconds) {
      assertOpen();
      assertValidTtl(ttlSeconds);
      await store.write(key, encodeCacheValue(value), ttlSeconds);
    },

    async delete(key) {
      assertOpen();
      await store.remove(key);
    },

    async take<T>(key: string) {
      assertOpen();
      const encoded = await store.take(key);
      return encoded === undefined ? undefined : (JSON.parse(encoded) as T);
    },

    async getOrSet<T>(key: string, ttlSeconds: number, compute: () => Promise<T>) {
      assertOpen();
      assertValidTtl(ttlSeconds);
      // The cache read happens inside the shared computation, so callers arriving while an earlier
      // read is still on the network join it instead of racing it to a second computation.
      let inFlight = computationsInFlight.get(key);
      if (!inFlight) {
        inFlight = readOrCompute(key, ttlSeconds, compute).finally(() => computationsInFlight.delete(key));
        computationsInFlight.set(key, inFlight);
      }
      const encoded = await inFlight;
      return (encoded === undefined ? undefined : JSON.parse(encoded)) as T;
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      await store.close();
    },
  };
}

function encodeCacheValue(value: unknown): string {
  const encoded = JSON.stringify(value);
  if (encoded === undefined) throw new TypeError('cache value must be JSON-serialisable');
  return encoded;
}

function assertValidTtl(ttlSeconds: number): void {
  // Redis `SET … EX` takes whole positive seconds; holding the in-process cache to the same rule
  // keeps code that works locally working on Redis.
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive whole number, got ${ttlSeconds}`);
  }
}

export type InProcessCacheOptions = {
  maxEntries?: number;
  /** Milliseconds since the epoch, like `Date.now`; tests inject their own clock. */
  now?: () => number;
};

const DEFAULT_MAX_ENTRIES = 10_000;

export function createInProcessCache(options: InProcessCacheOptions = {}): Cache {
  return createCacheOnStore(createMemoryStore(options.maxEntries ?? DEFAULT_MAX_ENTRIES, options.now ?? Date.now));
}

type MemoryEntry = { encodedValue: string; expiresAtMs: number };

/** A Map keeps insertion order, so re-inserting on every hit makes its first key the least recently used. */
function createMemoryStore(maxEntries: number, now: () => number): CacheStore {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive whole number, got ${maxEntries}`);
  }
  const entries = new Map<string, MemoryEntry>();

  return {
    async read(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAtMs <= now()) return undefined;
      entries.set(key, entry);
      return entry.encodedValue;
    },

    async write(key, encodedValue, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { encodedValue, expiresAtMs: now() + ttlSeconds * 1000 });
      while (entries.size > maxEntries) {
        const leastRecentlyUsed = entries.keys().next();
        if (leastRecentlyUsed.done) break;
        entries.delete(leastRecentlyUsed.value);
      }
    },

    async remove(key) {
      entries.delete(key);
    },

    async take(key) {
      const entry = entries.get(key);
      entries.delete(key);
      return entry && entry.expiresAtMs > now() ? entry.encodedValue : undefined;
    },

    async close() {
      entries.clear();
    },
  };
}
