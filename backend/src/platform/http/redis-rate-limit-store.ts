import { createClient } from 'redis';
import { RedisStore } from 'rate-limit-redis';
import type { Logger } from '../logger';
import type { RateLimitStoreFactory } from './rate-limit';

/** Rate-limit counters in Redis, so every backend instance enforces the same budget. */
export async function createRedisRateLimitStores(options: {
  url: string;
  logger: Logger;
}): Promise<{ createStore: RateLimitStoreFactory; close(): Promise<void> }> {
  const client = createClient({ url: options.url });
  client.on('error', (error: unknown) => options.logger.warn('rate-limit redis error', { error }));
  await client.connect();
  return {
    createStore: (prefix) =>
      new RedisStore({ prefix, sendCommand: (...args: string[]) => client.sendCommand(args) }),
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}
