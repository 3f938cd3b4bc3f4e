/**
 * The event bus port: domain code publishes, the realtime hub (and anything else) subscribes.
 * In-process by default; `redis-bus.ts` spans every backend instance. Both deliver each
 * subscriber its own JSON copy of the payload, asynchronously, in publish order per channel,
 * and keep one failing subscriber from affecting the others.
 */
export type BusMessage = { channel: string; payload: unknown };

export type Unsubscribe = () => Promise<void>;

export type BusHandler = (payload: unknown) => void;

export interface EventBus {
  /** `payload` must be JSON-serialisable; subscribers receive a JSON copy of it. */
  publish(channel: string, payload: unknown): Promise<void>;
  /** handler gets each payload published on `channel` (on any instance when distributed) */
  subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}

export type BusErrorReporter = (error: unknown, channel: string) => void;

export type InProcessBusOptions = { onError?: BusErrorReporter };

/** Encodes once at publish time, so a publisher mutating its object afterwards changes nothing. */
export function encodePayload(payload: unknown): string {
  const encoded = JSON.stringify(payload);
  if (encoded === undefined) throw new TypeError('bus payload must be JSON-serialisable');
  return encoded;
}

/**
 * Hands `handler` its own decoded copy. Nothing it throws or rejects with escapes: an error here
 * would otherwise skip the remaining subscribers, or (for an async handler) become an unhandled
 * rejection that stops the process.
 */
export function deliverToHandler(
  handler: BusHandler,
  encodedPayload: string,
  channel: string,
  onError: BusErrorReporter | undefined,
): void {
  const report = (error: unknown) => onError?.(error, channel);
  try {
    const result: unknown = handler(JSON.parse(encodedPayload));
    if (isPromiseLike(result)) result.then(undefined, report);
  } catch (error) {
    report(error);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

type Subscription = { handler: BusHandler; isActive: boolean };

export function createInProcessBus(options: InProcessBusOptions = {}): EventBus {
  const subscriptionsByChannel = new Map<string, Set<Subscription>>();
  let isClosed = false;

  const assertOpen = () => {
    if (isClosed) throw new Error('event bus is closed');
  };

  return {
    async publish(channel, payload) {
      assertOpen();
      const encodedPayload = encodePayload(payload);
      const recipients = [...(subscriptionsByChannel.get(channel) ?? [])];
      if (recipients.length === 0) return;
      // setImmediate queues are FIFO, which keeps publish order per channel; running after the
      // publisher's own continuation matches what subscribers see through Redis.
      setImmediate(() => {
        for (const subscription of recipients) {
          if (subscription.isActive) {
            deliverToHandler(subscription.handler, encodedPayload, channel, options.onError);
          }
        }
      });
    },

    async subscribe(channel, handler) {
      assertOpen();
      const subscription: Subscription = { handler, isActive: true };
      let subscriptions = subscriptionsByChannel.get(channel);
      if (!subscriptions) {
        subscriptions = new Set();
        subscriptionsByChannel.set(channel, subscriptions);
      }
      subscriptions.add(subscription);
      return async () => {
        subscription.isActive = false;
        const current = subscriptionsByChannel.get(channel);
        current?.delete(subscription);
        if (current?.size === 0) subscriptionsByChannel.delete(channel);
      };
    },

    async close() {
      isClosed = true;
      for (const subscriptions of subscriptionsByChannel.values()) {
        for (const subscription of subscriptions) subscription.isActive = false;
      }
      subscriptionsByChannel.clear();
    },
  };
}
