import { createClient } from 'redis';
import { RedisStore } from 'rate-limit-redis';
import type { Logger } from '../logger';
import { closeRedisClient, connectRedisClients, logRedisConnectionEvents } from '../redis-connection';
import type { RateLimitStoreFactory } from './rate-limit';

/** Rate-limit counters in Redis, so every backend instance enforces the same budget. */
export async function createRedisRateLimitStores(options: {
  url: string;
  logger: Logger;
}): Promise<{ createStore: RateLimitStoreFactory; close(): Promise<void> }> {
  // Commands fail fast while Redis reconnects; the limiter then lets the request through.
  const client = createClient({ url: options.url, commandOptions: { timeout: 250 } });
  logRedisConnectionEvents(client, options.logger.child({ component: 'rate-limit-store' }));
  await connectRedisClients([client]);
  return {
    createStore: (prefix) =>
      new RedisStore({ prefix, sendCommand: (...args: string[]) => client.sendCommand(args) }),
    async close() {
      await closeRedisClient(client);
    },
  };
}
