import { createClient } from 'redis';
import { deliverToHandler, encodePayload, type BusErrorReporter, type EventBus } from './bus';
import type { Logger } from './logger';
import { closeRedisClient, connectRedisClients, logRedisConnectionEvents } from './redis-connection';

export type RedisBusOptions = { url: string; logger: Logger };

const PUBLISH_OFFLINE_WAIT_MS = 1_000;

/** The Redis bus also answers readiness checks. */
export type RedisBus = EventBus & { ping(): Promise<void> };

/**
 * Event bus over Redis pub/sub: a payload published on any instance reaches the subscribers of
 * every instance, this one included. Redis keeps order per publishing connection, and each
 * instance publishes on a single connection, so publish order per channel holds per instance.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const logger = options.logger.child({ component: 'redis-bus' });
  // A publish made while the connection is re-established waits for it, but only briefly: a
  // publisher may sit on the call path, and a realtime event much later is worthless anyway.
  const publisher = createClient({ url: options.url, commandOptions: { timeout: PUBLISH_OFFLINE_WAIT_MS } });
  // Subscribe commands are not bounded by that wait: one made during a reconnect completes
  // afterwards, and the client itself resubscribes existing channels when it reconnects.
  const subscriber = publisher.duplicate();
  logRedisConnectionEvents(publisher, logger.child({ connection: 'publisher' }));
  logRedisConnectionEvents(subscriber, logger.child({ connection: 'subscriber' }));
  await connectRedisClients([publisher, subscriber]);

  const reportSubscriberError: BusErrorReporter = (error, channel) =>
    logger.error('event subscriber failed', { channel, error });
  let isClosed = false;
  const assertOpen = () => {
    if (isClosed) throw new Error('event bus is closed');
  };

  return {
    async publish(channel, payload) {
      assertOpen();
      await publisher.publish(channel, encodePayload(payload));
    },

    async subscribe(channel, handler) {
      assertOpen();
      const subscription = { isActive: true };
      const listener = (message: string) => {
        if (subscription.isActive) deliverToHandler(handler, message, channel, reportSubscriberError);
      };
      await subscriber.subscribe(channel, listener);
      return async () => {
        if (!subscription.isActive) return;
        // Messages already in flight are dropped from here on, not only after Redis confirms.
        subscription.isActive = false;
        if (!isClosed) await subscriber.unsubscribe(channel, listener);
      };
    },

    async ping() {
      if (!subscriber.isReady) throw new Error('redis subscriber connection is not ready');
      await publisher.ping();
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      await Promise.all([closeRedisClient(publisher), closeRedisClient(subscriber)]);
    },
  };
}
