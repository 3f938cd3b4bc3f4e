import { createInProcessBus, type EventBus, type Unsubscribe } from '../bus';
import type { DomainEvent } from './domain-events';

/**
 * The per-clinic event stream behind the realtime hub (contract §6): every event of a clinic gets
 * an integer `id` that increases strictly, is kept in a replay window, and is fanned out to the
 * subscribers of that clinic in id order. `redis-clinic-event-stream.ts` spans instances; the
 * in-process stream below serves a single backend.
 */
export type StreamedEvent = DomainEvent & { id: number };

export type StreamedEventHandler = (event: StreamedEvent) => void;

export interface ClinicEventStream {
  /** Assigns the next id of the event's clinic, stores the event in the window and fans it out. */
  append(event: DomainEvent): Promise<StreamedEvent>;
  /**
   * Events of the window with an id above `afterId`, in id order. An `afterId` beyond the
   * clinic's counter means the counter was reset (idle expiry, a restart without Redis): the
   * caller's position is meaningless, so the whole window comes back.
   */
  readAfter(clinicId: string, afterId: number): Promise<StreamedEvent[]>;
  /** `handler` gets the clinic's events appended from now on (on any instance when distributed). */
  subscribe(clinicId: string, handler: StreamedEventHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/**
 * How much of each clinic's stream stays replayable. An event leaves the window only when it is
 * older than `minAgeMs` and not among the newest `minEvents`, or when the window holds more than
 * `maxEvents` (the hard memory bound wins over both minimums).
 */
export type ReplayRetention = { minAgeMs: number; minEvents: number; maxEvents: number };

export const DEFAULT_REPLAY_RETENTION: ReplayRetention = { minAgeMs: 10 * 60_000, minEvents: 5_000, maxEvents: 20_000 };

export function clinicEventsChannel(clinicId: string): string {
  return `clinic-events:${clinicId}`;
}

/**
 * How many of the oldest entries to drop. `ageAtRank(rank)` is the age in ms of the entry at that
 * rank (0 = oldest); ages decrease with rank, so the old entries form a prefix found by bisection.
 */
export function countEntriesToTrim(count: number, retention: ReplayRetention, ageAtRank: (rank: number) => number): number {
  let toTrim = 0;
  const trimmable = count - retention.minEvents;
  if (trimmable > 0) {
    let low = 0;
    let high = trimmable;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (ageAtRank(middle) > retention.minAgeMs) low = middle + 1;
      else high = middle;
    }
    toTrim = low;
  }
  return Math.max(toTrim, count - retention.maxEvents);
}

/**
 * Checks what arrives on a channel before it reaches a consumer: only our own publishers write
 * there, but a malformed payload must never reach a socket as if it were an event.
 */
export function isStreamedEventOf(clinicId: string, payload: unknown): payload is StreamedEvent {
  if (typeof payload !== 'object' || payload === null) return false;
  const candidate = payload as Partial<Record<keyof StreamedEvent, unknown>>;
  return (
    typeof candidate.id === 'number' &&
    Number.isSafeInteger(candidate.id) &&
    candidate.id > 0 &&
    candidate.clinicId === clinicId &&
    typeof candidate.type === 'string' &&
    typeof candidate.at === 'string' &&
    typeof candidate.data === 'object' &&
    candidate.data !== null
  );
}

/** Puts `id` first, as the wire format shows it, and drops anything that is not part of an event. */
export function toStreamedEvent(event: DomainEvent, id: number): StreamedEvent {
  return {
    id,
    type: event.type,
    clinicId: event.clinicId,
    ...(event.callId === undefined ? {} : { callId: event.callId }),
    at: event.at,
    data: event.data,
  } as StreamedEvent;
}

export type InProcessClinicEventStreamOptions = {
  /** Where events are fanned out; a private in-process bus when omitted. */
  bus?: EventBus;
  retention?: Partial<ReplayRetention>;
  /** Milliseconds since the epoch, like `Date.now`; tests inject their own clock. */
  now?: () => number;
};

type WindowEntry = { event: StreamedEvent; storedAtMs: number };
type ClinicWindow = { lastId: number; entries: WindowEntry[] };

/**
 * One process's streams. Ids are assigned synchronously before the bus publish, and the bus keeps
 * publish order per channel, so subscribers see ids in order.
 */
export function createInProcessClinicEventStream(options: InProcessClinicEventStreamOptions = {}): ClinicEventStream {
  const bus = options.bus ?? createInProcessBus();
  const ownsBus = options.bus === undefined;
  const retention = { ...DEFAULT_REPLAY_RETENTION, ...options.retention };
  const now = options.now ?? Date.now;
  const windows = new Map<string, ClinicWindow>();
  let isClosed = false;

  const trim = (window: ClinicWindow) => {
    const nowMs = now();
    const { entries } = window;
    const toTrim = countEntriesToTrim(entries.length, retention, (rank) => nowMs - (entries[rank]?.storedAtMs ?? nowMs));
    if (toTrim > 0) entries.splice(0, toTrim);
  };

  return {
    async append(event) {
      if (isClosed) throw new Error('event stream is closed');
      let window = windows.get(event.clinicId);
      if (!window) {
        window = { lastId: 0, entries: [] };
        windows.set(event.clinicId, window);
      }
      window.lastId += 1;
      const streamed = toStreamedEvent(event, window.lastId);
      window.entries.push({ event: streamed, storedAtMs: now() });
      trim(window);
      await bus.publish(clinicEventsChannel(event.clinicId), streamed);
      return streamed;
    },

    async readAfter(clinicId, afterId) {
      const window = windows.get(clinicId);
      if (!window) return [];
      trim(window);
      const from = afterId > window.lastId ? 0 : afterId;
      // Entries are in id order: skip straight to the first one after `from`.
      const firstId = window.entries[0]?.event.id ?? window.lastId + 1;
      const start = Math.max(0, from + 1 - firstId);
      return window.entries.slice(start).map((entry) => structuredClone(entry.event));
    },

    subscribe(clinicId, handler) {
      return bus.subscribe(clinicEventsChannel(clinicId), (payload) => {
        if (isStreamedEventOf(clinicId, payload)) handler(payload);
      });
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      windows.clear();
      if (ownsBus) await bus.close();
    },
  };
}
