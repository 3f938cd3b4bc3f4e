import { createInProcessBus, type EventBus } from './bus';
import { createInProcessCache, type Cache } from './cache';
import type { Logger } from './logger';
import { createRedisBus } from './redis-bus';
import { createRedisCache } from './redis-cache';

export type BusAndCache = {
  bus: EventBus;
  cache: Cache;
  /** Present only with Redis, for the readiness check. */
  redisPing?: () => Promise<void>;
};

/** Redis when configured (events and cache span instances), in-process otherwise. */
export async function createBusAndCache(options: {
  redisUrl: string | undefined;
  logger: Logger;
}): Promise<BusAndCache> {
  const { redisUrl, logger } = options;
  if (!redisUrl) {
    const bus = createInProcessBus({
      onError: (error, channel) => logger.error('event subscriber failed', { channel, error }),
    });
    return { bus, cache: createInProcessCache() };
  }

  const bus = await createRedisBus({ url: redisUrl, logger });
  try {
    const cache = await createRedisCache({ url: redisUrl, logger });
    const redisPing = async () => {
      await Promise.all([bus.ping(), cache.ping()]);
    };
    return { bus, cache, redisPing };
  } catch (error) {
    await bus.close();
    throw error;
  }
}
