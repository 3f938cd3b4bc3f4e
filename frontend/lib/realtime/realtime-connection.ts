import { DEFAULT_BACKOFF, reconnectDelayMs, type BackoffOptions } from './backoff';
import { parseClinicEvent, type ClinicEvent } from './clinic-event';
import { createEventCursor } from './event-cursor';

/**
 * One clinic's event stream over a WebSocket, kept alive across drops: a fresh single-use ticket
 * for every attempt, `after=<last id>` so the backend replays what was missed, duplicates dropped,
 * capped exponential backoff with jitter, and immediate retries when the network comes back or
 * the tab wakes up. DOM-free: the browser parts (WebSocket, fetch, timers) are passed in.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type SocketLike = {
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: ((close: { code: number }) => void) | null;
  onerror: (() => void) | null;
  close(code?: number, reason?: string): void;
};

export type Ticket = { ticket: string; url: string };

export type RealtimeConnectionOptions = {
  clinicId: string;
  fetchTicket: () => Promise<Ticket>;
  openSocket: (url: string) => SocketLike;
  onEvent: (event: ClinicEvent) => void;
  onState: (state: ConnectionState) => void;
  /**
   * Events may have been missed (first connection, a stream reset, ids skipped past the replay
   * window): pages holding a snapshot should reload it.
   */
  onResync: () => void;
  isOnline?: () => boolean;
  backoff?: BackoffOptions;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
};

export type RealtimeConnection = {
  start(): void;
  stop(): void;
  /** The browser's `online` event. */
  handleOnline(): void;
  /** The browser's `offline` event. */
  handleOffline(): void;
  /** The tab became visible again; `hiddenForMs` is how long it was hidden. */
  handleWake(hiddenForMs: number): void;
  readonly state: ConnectionState;
  readonly lastEventId: number | undefined;
};

/** The backend closes with this when the clinic's event counter restarted (idle expiry, restart). */
export const CLOSE_STREAM_RESET = 1012;
/** A socket open this long counts as healthy: the next drop starts the backoff from the bottom. */
const STABLE_AFTER_MS = 5_000;
/** After a sleep this long a socket that looks open may be dead (no close frame ever came): redial. */
const WAKE_REDIAL_AFTER_MS = 20_000;

export function socketUrl(ticket: Ticket, clinicId: string, afterId: number | undefined): string {
  const url = new URL(ticket.url);
  url.searchParams.set('ticket', ticket.ticket);
  url.searchParams.set('clinicId', clinicId);
  if (afterId !== undefined) url.searchParams.set('after', String(afterId));
  return url.toString();
}

export function createRealtimeConnection(options: RealtimeConnectionOptions): RealtimeConnection {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const isOnline = options.isOnline ?? (() => true);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const cursor = createEventCursor();

  let state: ConnectionState = 'connecting';
  let socket: SocketLike | undefined;
  let retryTimer: unknown;
  let stableTimer: unknown;
  let attempt = 0;
  // Each dial gets a number; callbacks of a superseded dial (or after stop) are ignored.
  let generation = 0;
  let hasBeenLive = false;
  let isStopped = true;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    options.onState(next);
  }

  function clearTimers(): void {
    if (retryTimer !== undefined) clearTimer(retryTimer);
    if (stableTimer !== undefined) clearTimer(stableTimer);
    retryTimer = undefined;
    stableTimer = undefined;
  }

  function dropSocket(): void {
    const current = socket;
    socket = undefined;
    if (!current) return;
    current.onopen = current.onmessage = current.onclose = current.onerror = null;
    try {
      current.close(1000, 'reconnecting');
    } catch {
      // Closing a socket that never opened throws in some browsers; it is gone either way.
    }
  }

  function scheduleRetry(): void {
    if (isStopped) return;
    if (!isOnline()) {
      setState('offline');
      return;
    }
    setState(hasBeenLive ? 'reconnecting' : 'connecting');
    const delayMs = reconnectDelayMs(attempt, backoff);
    attempt += 1;
    retryTimer = setTimer(() => {
      retryTimer = undefined;
      void dial();
    }, delayMs);
  }

  async function dial(): Promise<void> {
    clearTimers();
    dropSocket();
    const dialed = ++generation;
    if (!isOnline()) {
      setState('offline');
      return;
    }
    setState(hasBeenLive ? 'reconnecting' : 'connecting');
    let ticket: Ticket;
    try {
      ticket = await options.fetchTicket();
    } catch {
      if (dialed === generation) scheduleRetry();
      return;
    }
    if (dialed !== generation || isStopped) return;
    const afterId = cursor.lastId;
    const opened = options.openSocket(socketUrl(ticket, options.clinicId, afterId));
    socket = opened;
    opened.onopen = () => {
      hasBeenLive = true;
      setState('live');
      stableTimer = setTimer(() => {
        stableTimer = undefined;
        attempt = 0;
      }, STABLE_AFTER_MS);
      // Without `after` nothing is replayed: whatever happened before this socket is unknown.
      if (afterId === undefined) options.onResync();
    };
    opened.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      const event = parseClinicEvent(message.data);
      if (!event) return;
      const accepted = cursor.accept(event);
      if (accepted === 'duplicate') return;
      if (accepted === 'gap') options.onResync();
      options.onEvent(event);
    };
    opened.onclose = (close) => {
      if (socket !== opened) return;
      socket = undefined;
      if (stableTimer !== undefined) clearTimer(stableTimer);
      stableTimer = undefined;
      if (close.code === CLOSE_STREAM_RESET) cursor.markReset();
      scheduleRetry();
    };
    // An error is always followed by a close; the close decides.
    opened.onerror = () => undefined;
  }

  function redialNow(): void {
    if (isStopped) return;
    attempt = 0;
    void dial();
  }

  return {
    start() {
      if (!isStopped) return;
      isStopped = false;
      void dial();
    },
    stop() {
      isStopped = true;
      generation += 1;
      clearTimers();
      dropSocket();
    },
    handleOnline() {
      if (state !== 'live') redialNow();
    },
    handleOffline() {
      if (isStopped) return;
      // The socket may linger for a minute before the browser notices it is dead: let it go now,
      // so the pill is honest and the next socket replays from here.
      generation += 1;
      clearTimers();
      dropSocket();
      setState('offline');
    },
    handleWake(hiddenForMs) {
      if (state !== 'live' || hiddenForMs >= WAKE_REDIAL_AFTER_MS) redialNow();
    },
    get state() {
      return state;
    },
    get lastEventId() {
      return cursor.lastId;
    },
  };
}
