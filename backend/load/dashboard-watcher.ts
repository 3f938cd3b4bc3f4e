import WebSocket from 'ws';

/**
 * One dashboard watcher of the load suite: signs in like the dashboard (login → one-time ticket
 * → `/ws`), receives the clinic's live events until told the calls are over, and records for each
 * event the lag from its server timestamp (`webhook_to_socket_lag`) and whether ids keep rising.
 */
export type Events = { emit(kind: 'counter' | 'histogram', name: string, value: number): void };

export type DashboardEvent = { id: unknown; type: string; callId?: string; at: string; data: Record<string, unknown> };

export type WatchOptions = {
  target: string;
  email: string;
  password: string;
  /** Stop watching when this says the calls are over (plus a grace period), or after `maxWatchMs`. */
  isOver: () => boolean;
  maxWatchMs: number;
  onEvent?: (event: DashboardEvent, receivedAtMs: number) => void;
  events: Events;
};

/** Late events of the last calls still count. */
const WATCH_GRACE_MS = 2_000;
const POLL_MS = 250;

async function postJson(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

// Watchers share one sign-in: the dashboard's session would, and the login endpoint is rate limited.
const logins = new Map<string, Promise<{ token: string; clinicId: string }>>();

function signIn(options: WatchOptions): Promise<{ token: string; clinicId: string }> {
  const key = `${options.target}|${options.email}`;
  let login = logins.get(key);
  if (!login) {
    login = postJson(`${options.target}/api/v1/auth/login`, { email: options.email, password: options.password }).then((body) => {
      const memberships = (body.memberships as { clinicId: string }[] | undefined) ?? [];
      if (!memberships[0]) throw new Error(`${options.email} has no clinic`);
      return { token: String(body.token), clinicId: memberships[0].clinicId };
    });
    logins.set(key, login);
  }
  return login;
}

export async function watchDashboard(options: WatchOptions): Promise<void> {
  const { events } = options;
  const { token, clinicId } = await signIn(options);
  const { ticket } = await postJson(`${options.target}/api/v1/realtime/ticket`, {}, token);
  const socketUrl = `${options.target.replace(/^http/, 'ws')}/ws?ticket=${encodeURIComponent(String(ticket))}&clinicId=${encodeURIComponent(clinicId)}`;
  const socket = new WebSocket(socketUrl);
  let lastId = -Infinity;
  let isDone = false;
  let isClosed = false;
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const receivedAtMs = Date.now();
      const event = JSON.parse(raw.toString()) as DashboardEvent;
      events.emit('counter', 'socket.events', 1);
      events.emit('counter', `socket.events.${event.type}`, 1);
      const at = Date.parse(event.at);
      if (Number.isFinite(at)) events.emit('histogram', 'webhook_to_socket_lag', receivedAtMs - at);
      else events.emit('counter', 'socket.events_without_at', 1);
      const id = Number(event.id);
      if (!(id > lastId)) events.emit('counter', 'socket.id_regressions', 1);
      lastId = id;
      options.onEvent?.(event, receivedAtMs);
    });
    socket.on('close', (code) => {
      isClosed = true;
      if (isDone) resolve();
      else reject(new Error(`socket closed early (${code})`));
    });
    socket.on('error', reject);
  });
  // The rejection is reported by the `await closed` below; this only keeps it from going unhandled.
  closed.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  events.emit('counter', 'socket.connected', 1);
  const deadline = performance.now() + options.maxWatchMs;
  while (!options.isOver() && !isClosed && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  if (!options.isOver() && !isClosed) events.emit('counter', 'socket.watch_timeouts', 1);
  await new Promise((resolve) => setTimeout(resolve, WATCH_GRACE_MS));
  isDone = true;
  socket.close(1000);
  await closed;
}
