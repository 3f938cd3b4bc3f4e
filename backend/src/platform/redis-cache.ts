import { createClient } from 'redis';
import { createCacheOnStore, type Cache } from './cache';
import type { Logger } from './logger';
import { closeRedisClient, connectRedisClients, logRedisConnectionEvents } from './redis-connection';

export type RedisCacheOptions = {
  url: string;
  /** Namespaces our keys in a Redis shared with other applications (or other test runs). */
  keyPrefix?: string;
  logger: Logger;
};

/** The Redis cache also answers readiness checks. */
export type RedisCache = Cache & { ping(): Promise<void> };

const DEFAULT_KEY_PREFIX = 'voxanne:';
const OFFLINE_WAIT_MS = 250;

/**
 * Cache entries shared by every instance, expiring through Redis (`SET … EX`). `getOrSet` is
 * single-flight per process only: two instances missing the same key at once both compute.
 */
export async function createRedisCache(options: RedisCacheOptions): Promise<RedisCache> {
  const logger = options.logger.child({ component: 'redis-cache' });
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  // While the connection is re-established a command waits only briefly: a request blocked on
  // its cache for long is slower than one that computes the value itself.
  const client = createClient({ url: options.url, commandOptions: { timeout: OFFLINE_WAIT_MS } });
  logRedisConnectionEvents(client, logger);
  await connectRedisClients([client]);

  const cache = createCacheOnStore(
    {
      async read(key) {
        return (await client.get(keyPrefix + key)) ?? undefined;
      },
      async write(key, encodedValue, ttlSeconds) {
        await client.set(keyPrefix + key, encodedValue, { expiration: { type: 'EX', value: ttlSeconds } });
      },
      async remove(key) {
        await client.del(keyPrefix + key);
      },
      async take(key) {
        return (await client.getDel(keyPrefix + key)) ?? undefined;
      },
      close: () => closeRedisClient(client),
    },
    { onStoreError: (error, key) => logger.warn('cache unavailable, computing without it', { key, error }) },
  );

  return {
    ...cache,
    async ping() {
      await client.ping();
    },
  };
}
