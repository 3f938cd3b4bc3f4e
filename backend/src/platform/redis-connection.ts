import type { EventEmitter } from 'node:events';
import type { Logger } from './logger';

export type RedisConnection = { connect(): Promise<unknown>; close(): Promise<void>; destroy(): void };

/**
 * Without an 'error' listener a dropped connection would crash the process; with one, the client
 * reconnects on its own (capped exponential backoff) and resubscribes, and we only log.
 */
export function logRedisConnectionEvents(client: Pick<EventEmitter, 'on'>, logger: Logger): void {
  client.on('error', (error: unknown) => logger.warn('redis connection error', { error }));
  client.on('reconnecting', () => logger.info('redis reconnecting'));
  client.on('ready', () => logger.info('redis connection ready'));
}

/** Connects every client, or none: on failure the ones that did connect are torn down. */
export async function connectRedisClients(clients: readonly RedisConnection[]): Promise<void> {
  const results = await Promise.allSettled(clients.map((client) => client.connect()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failure) return;
  for (const client of clients) client.destroy();
  throw failure.reason;
}

const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Closes gracefully (pending replies first), but falls back to destroying the connection: commands
 * queued while Redis is unreachable would otherwise keep shutdown waiting for a server that is not
 * coming, and a client whose reconnects gave up refuses a graceful close.
 */
export async function closeRedisClient(client: RedisConnection, timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    const closing = client.close().then(
      () => 'closed' as const,
      () => 'refused' as const,
    );
    const outcome = await Promise.race([closing, timedOut]);
    if (outcome !== 'closed') client.destroy();
  } finally {
    clearTimeout(timer);
  }
}
