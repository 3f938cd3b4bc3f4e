import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { encodePayload } from '../bus';
import type { Logger } from '../logger';
import { closeRedisClient, connectRedisClients, logRedisConnectionEvents } from '../redis-connection';
import {
  DEFAULT_REPLAY_RETENTION,
  clinicEventsChannel,
  isStreamedEventOf,
  toStreamedEvent,
  type ClinicEventStream,
  type ReplayRetention,
  type StreamedEvent,
} from './clinic-event-stream';

export type RedisClinicEventStreamOptions = {
  url: string;
  logger: Logger;
  /** Namespaces keys and channels in a Redis shared with other applications or test runs. */
  keyPrefix?: string;
  retention?: Partial<ReplayRetention>;
  /**
   * Idle lifetime of a clinic's counter and window, refreshed by every append. When it lapses the
   * counter starts again at 1; readers holding a larger id get the whole (new) window.
   */
  keyTtlSeconds?: number;
};

export type RedisClinicEventStream = ClinicEventStream & { ping(): Promise<void> };

const DEFAULT_KEY_PREFIX = 'voxanne:';
const DEFAULT_KEY_TTL_SECONDS = 24 * 60 * 60;
const OFFLINE_WAIT_MS = 1_000;

/**
 * Assigns the id, stores the event and publishes it in one script. Redis runs scripts one at a
 * time, so the order of PUBLISH across every instance is the order of the ids: subscribers never
 * see a smaller id after a larger one. Window members are `<stored-at ms>:<event JSON>` scored by
 * id; the time prefix (Redis's own clock, shared by all instances) drives the age-based trim, which
 * mirrors `countEntriesToTrim`.
 */
const APPEND_SCRIPT = `
local id = redis.call('INCR', KEYS[1])
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local event = '{"id":' .. id .. ',' .. string.sub(ARGV[2], 2)
redis.call('ZADD', KEYS[2], id, string.format('%d', nowMs) .. ':' .. event)
local count = redis.call('ZCARD', KEYS[2])
local minAgeMs = tonumber(ARGV[3])
local toTrim = 0
local trimmable = count - tonumber(ARGV[4])
if trimmable > 0 then
  local low, high = 0, trimmable
  while low < high do
    local middle = math.floor((low + high) / 2)
    local member = redis.call('ZRANGE', KEYS[2], middle, middle)[1]
    if nowMs - tonumber(string.match(member, '^(%d+):')) > minAgeMs then low = middle + 1 else high = middle end
  end
  toTrim = low
end
local overCap = count - tonumber(ARGV[5])
if overCap > toTrim then toTrim = overCap end
if toTrim > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, toTrim - 1) end
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('PUBLISH', ARGV[1], event)
return event
`;

/** Reads the counter and the window together, so a reset is detected against the same state. */
const READ_AFTER_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = tonumber(ARGV[1])
if after > last then after = 0 end
return redis.call('ZRANGE', KEYS[2], '(' .. string.format('%d', after), '+inf', 'BYSCORE')
`;

type Script = { source: string; sha1: string };

const defineScript = (source: string): Script => ({ source, sha1: createHash('sha1').update(source).digest('hex') });

const appendScript = defineScript(APPEND_SCRIPT);
const readAfterScript = defineScript(READ_AFTER_SCRIPT);

export async function createRedisClinicEventStream(options: RedisClinicEventStreamOptions): Promise<RedisClinicEventStream> {
  const logger = options.logger.child({ component: 'redis-event-stream' });
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const retention = { ...DEFAULT_REPLAY_RETENTION, ...options.retention };
  const keyTtlSeconds = options.keyTtlSeconds ?? DEFAULT_KEY_TTL_SECONDS;
  // An append sits on the request path of whatever produced the event; wait for a reconnect
  // only briefly (the publisher logs and moves on).
  const commands = createClient({ url: options.url, commandOptions: { timeout: OFFLINE_WAIT_MS } });
  const subscriber = commands.duplicate();
  logRedisConnectionEvents(commands, logger.child({ connection: 'commands' }));
  logRedisConnectionEvents(subscriber, logger.child({ connection: 'subscriber' }));
  await connectRedisClients([commands, subscriber]);

  // The hash tag keeps a clinic's two keys in one Redis Cluster slot, as a script requires.
  const keysOf = (clinicId: string) => [`${keyPrefix}event-stream:{${clinicId}}:counter`, `${keyPrefix}event-stream:{${clinicId}}:events`];
  const channelOf = (clinicId: string) => keyPrefix + clinicEventsChannel(clinicId);

  const runScript = async (script: Script, keys: string[], args: string[]): Promise<unknown> => {
    try {
      return await commands.evalSha(script.sha1, { keys, arguments: args });
    } catch (error) {
      // Redis forgets scripts on restart or SCRIPT FLUSH; EVAL loads it again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return commands.eval(script.source, { keys, arguments: args });
    }
  };

  let isClosed = false;
  const assertOpen = () => {
    if (isClosed) throw new Error('event stream is closed');
  };

  return {
    async append(event) {
      assertOpen();
      // The script splices `"id":N,` in after the opening brace of this JSON text.
      const withoutId = encodePayload(toStreamedEvent(event, 0)).replace(/^\{"id":0,/, '{');
      const reply = await runScript(appendScript, keysOf(event.clinicId), [
        channelOf(event.clinicId),
        withoutId,
        String(retention.minAgeMs),
        String(retention.minEvents),
        String(retention.maxEvents),
        String(keyTtlSeconds),
      ]);
      return JSON.parse(String(reply)) as StreamedEvent;
    },

    async readAfter(clinicId, afterId) {
      assertOpen();
      const reply = await runScript(readAfterScript, keysOf(clinicId), [String(Math.max(0, Math.floor(afterId)))]);
      if (!Array.isArray(reply)) throw new Error('unexpected reply from the event window script');
      return reply.map((member) => {
        const text = String(member);
        return JSON.parse(text.slice(text.indexOf(':') + 1)) as StreamedEvent;
      });
    },

    async subscribe(clinicId, handler) {
      assertOpen();
      const channel = channelOf(clinicId);
      const subscription = { isActive: true };
      const listener = (message: string) => {
        if (!subscription.isActive) return;
        let payload: unknown;
        try {
          payload = JSON.parse(message);
        } catch {
          payload = undefined;
        }
        if (!isStreamedEventOf(clinicId, payload)) {
          logger.warn('malformed message on a clinic event channel', { clinicId });
          return;
        }
        try {
          handler(payload);
        } catch (error) {
          logger.error('event stream subscriber failed', { clinicId, error });
        }
      };
      await subscriber.subscribe(channel, listener);
      return async () => {
        if (!subscription.isActive) return;
        subscription.isActive = false;
        if (!isClosed) await subscriber.unsubscribe(channel, listener);
      };
    },

    async ping() {
      if (!subscriber.isReady) throw new Error('redis subscriber connection is not ready');
      await commands.ping();
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      await Promise.all([closeRedisClient(commands), closeRedisClient(subscriber)]);
    },
  };
}
