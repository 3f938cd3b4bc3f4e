'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ClinicEvent } from '@/lib/realtime/clinic-event';
import { createRealtimeConnection, type ConnectionState, type SocketLike, type Ticket } from '@/lib/realtime/realtime-connection';

type Listener<Value> = (value: Value) => void;

type RealtimeContextValue = {
  state: ConnectionState;
  /** The last event id this tab has seen, for pages that snapshot and must know "as of when". */
  lastEventId(): number | undefined;
  subscribe(listener: Listener<ClinicEvent>): () => void;
  subscribeResync(listener: () => void): () => void;
};

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

class TicketRefused extends Error {}

async function fetchTicket(): Promise<Ticket> {
  const response = await fetch('/api/realtime/ticket', { method: 'POST', cache: 'no-store' });
  if (response.status === 401) {
    // Same as any API call: the session is gone, sign in again.
    window.location.assign('/api/session/expired');
    throw new TicketRefused('session expired');
  }
  if (!response.ok) throw new TicketRefused(`ticket refused (HTTP ${response.status})`);
  const body = (await response.json()) as Partial<Ticket>;
  if (typeof body.ticket !== 'string' || typeof body.url !== 'string') throw new TicketRefused('malformed ticket');
  return { ticket: body.ticket, url: body.url };
}

function openBrowserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = { onopen: null, onmessage: null, onclose: null, onerror: null, close: (code, reason) => ws.close(code, reason) };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (message) => socket.onmessage?.(message);
  ws.onclose = (close) => socket.onclose?.(close);
  ws.onerror = () => socket.onerror?.();
  return socket;
}

/**
 * One WebSocket per tab for the clinic being viewed, shared by every clinic page through
 * `useClinicEvents` and `useConnectionState`. Mounted once in the clinic layout, so moving between
 * pages keeps the socket (and its place in the stream).
 */
export function RealtimeProvider({ clinicId, children }: { clinicId: string; children: ReactNode }) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [value] = useState(() => {
    const listeners = new Set<Listener<ClinicEvent>>();
    const resyncListeners = new Set<() => void>();
    const holder: { lastEventId: () => number | undefined } = { lastEventId: () => undefined };
    const context: RealtimeContextValue & {
      emit(event: ClinicEvent): void;
      resync(): void;
      holder: typeof holder;
    } = {
      state: 'connecting',
      lastEventId: () => holder.lastEventId(),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      subscribeResync(listener) {
        resyncListeners.add(listener);
        return () => resyncListeners.delete(listener);
      },
      emit(event) {
        for (const listener of [...listeners]) listener(event);
      },
      resync() {
        for (const listener of [...resyncListeners]) listener();
      },
      holder,
    };
    return context;
  });

  useEffect(() => {
    const connection = createRealtimeConnection({
      clinicId,
      fetchTicket,
      openSocket: openBrowserSocket,
      onEvent: (event) => value.emit(event),
      onState: setState,
      onResync: () => value.resync(),
      isOnline: () => navigator.onLine,
    });
    value.holder.lastEventId = () => connection.lastEventId;
    let hiddenAt: number | undefined;
    const onOnline = () => connection.handleOnline();
    const onOffline = () => connection.handleOffline();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
      } else {
        connection.handleWake(hiddenAt === undefined ? 0 : Date.now() - hiddenAt);
        hiddenAt = undefined;
      }
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisibility);
    connection.start();
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibility);
      connection.stop();
      value.holder.lastEventId = () => undefined;
    };
  }, [clinicId, value]);

  return <RealtimeContext.Provider value={{ ...value, state }}>{children}</RealtimeContext.Provider>;
}

function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('Realtime hooks must be used inside <RealtimeProvider>');
  return value;
}

/** `connecting | live | reconnecting | offline`, for a status pill. */
export function useConnectionState(): ConnectionState {
  return useRealtime().state;
}

/** Calls `listener` with every new event of the clinic (in id order, no duplicates). */
export function useClinicEvents(listener: Listener<ClinicEvent>): void {
  const { subscribe } = useRealtime();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/**
 * Calls `listener` when events may have been missed (the first connection, a stream reset, a
 * gap past the replay window): a page built from a snapshot reloads it then.
 */
export function useRealtimeResync(listener: () => void): void {
  const { subscribeResync } = useRealtime();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeResync(() => latest.current()), [subscribeResync]);
}

/** The last event id seen, read at call time. */
export function useLastEventId(): () => number | undefined {
  return useRealtime().lastEventId;
}
