import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Unsubscribe } from '../../platform/bus';
import { toStreamedEvent, type ClinicEventStream, type StreamedEvent } from '../../platform/events/clinic-event-stream';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import { findClinicMembership } from '../auth/auth.middleware';
import type { RealtimeTicketService } from './realtime.tickets';

/**
 * The dashboard's WebSocket hub (contract §6) at `GET /ws?ticket=&clinicId=&after=`. The upgrade
 * is authenticated before the handshake completes; each socket serves one clinic. Sockets of a
 * clinic share one stream subscription (a "room") for as long as any of them is open. Sends never
 * wait on a socket: one that cannot keep up is cut, so it never slows the others.
 */
export type RealtimeHubOptions = {
  stream: ClinicEventStream;
  tickets: RealtimeTicketService;
  /** Browser origins allowed to connect (`CORS_ORIGINS`); a request without `Origin` is not a browser's. */
  allowedOrigins: readonly string[];
  metrics: Pick<Metrics, 'wsConnections' | 'wsTerminations' | 'fanoutLag'>;
  logger: Logger;
  /** A socket that has not answered the previous ping by the next one is terminated. */
  heartbeatIntervalMs?: number;
  /** A socket with more than this many bytes queued is a slow consumer and is terminated. */
  maxBufferedBytes?: number;
  /** Milliseconds since the epoch, for the fan-out lag. */
  now?: () => number;
};

export type RealtimeHub = {
  /** Serves `/ws` upgrades of this server. */
  attach(server: Server): void;
  /** Refuses new upgrades (503) and closes every socket with 1001 "going away". */
  close(): Promise<void>;
  connectionCount(): number;
};

export const REALTIME_PATH = '/ws';
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
// The protocol has no client messages; anything bigger than a stray frame is refused by `ws` (1009).
const MAX_CLIENT_PAYLOAD_BYTES = 4 * 1024;
// Live events held while a reconnecting socket replays; past this the socket is a slow consumer.
const MAX_EVENTS_HELD_DURING_REPLAY = 10_000;
const CLOSE_GRACE_MS = 2_000;
const AFTER_PARAM = /^\d{1,15}$/;

const CLOSE_GOING_AWAY = 1001;
const CLOSE_INTERNAL_ERROR = 1011;
const CLOSE_SERVICE_RESTART = 1012;

type Room = {
  clinicId: string;
  clients: Set<Client>;
  /** Admissions in progress plus open sockets; the room unsubscribes when it drops to zero. */
  holders: number;
  subscribed: Promise<Unsubscribe>;
};

type Client = {
  ws: WebSocket;
  room: Room;
  userId: string;
  lastSentId: number;
  /** Live events arriving while the replay is read; undefined once the socket is live. */
  heldDuringReplay: StreamedEvent[] | undefined;
  /** Replayed ids the subscription may still deliver again; 0 once the stream moved past them. */
  duplicatesUpTo: number;
  isAlive: boolean;
};

class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

export function createRealtimeHub(options: RealtimeHubOptions): RealtimeHub {
  const { stream, tickets, metrics } = options;
  const logger = options.logger.child({ component: 'realtime-hub' });
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const now = options.now ?? Date.now;
  const allowedOrigins = new Set(options.allowedOrigins);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_PAYLOAD_BYTES, clientTracking: false });
  const rooms = new Map<string, Room>();
  const clients = new Set<Client>();
  let heartbeat: NodeJS.Timeout | undefined;
  let isClosing = false;

  function terminate(client: Client, reason: 'slow_consumer' | 'heartbeat'): void {
    if (client.ws.readyState === WebSocket.CLOSED) return;
    metrics.wsTerminations.inc({ reason });
    logger.info('websocket terminated', { reason, clinicId: client.room.clinicId, userId: client.userId });
    client.ws.terminate();
  }

  function send(client: Client, event: StreamedEvent, encoded: Buffer, isLive: boolean): void {
    if (client.ws.readyState !== WebSocket.OPEN) return;
    if (client.ws.bufferedAmount > maxBufferedBytes) {
      terminate(client, 'slow_consumer');
      return;
    }
    client.ws.send(encoded, { binary: false });
    client.lastSentId = event.id;
    if (isLive) metrics.fanoutLag.observe(Math.max(0, now() - Date.parse(event.at)) / 1000);
  }

  function deliverLive(client: Client, event: StreamedEvent, encoded: Buffer): void {
    if (event.id > client.lastSentId) {
      client.duplicatesUpTo = 0;
      send(client, event, encoded, true);
    } else if (event.id > client.duplicatesUpTo) {
      // Not a replayed event arriving again: the clinic's counter started over (idle expiry).
      // The client reconnects with its last id, which is now beyond the counter: a full replay.
      client.ws.close(CLOSE_SERVICE_RESTART, 'event stream reset');
    }
  }

  function dispatch(room: Room, event: StreamedEvent): void {
    const encoded = encodeEvent(event);
    for (const client of room.clients) {
      if (client.heldDuringReplay) {
        client.heldDuringReplay.push(event);
        if (client.heldDuringReplay.length > MAX_EVENTS_HELD_DURING_REPLAY) terminate(client, 'slow_consumer');
      } else {
        deliverLive(client, event, encoded);
      }
    }
  }

  function joinRoom(clinicId: string): Room {
    let room = rooms.get(clinicId);
    if (!room) {
      const created: Room = { clinicId, clients: new Set(), holders: 0, subscribed: Promise.resolve(async () => {}) };
      created.subscribed = stream.subscribe(clinicId, (event) => dispatch(created, event));
      // A failed subscription is not kept for the next socket of the clinic: that one tries afresh.
      created.subscribed.catch(() => {
        if (rooms.get(clinicId) === created) rooms.delete(clinicId);
      });
      rooms.set(clinicId, created);
      room = created;
    }
    room.holders += 1;
    return room;
  }

  function leaveRoom(room: Room): void {
    room.holders -= 1;
    if (room.holders > 0) return;
    if (rooms.get(room.clinicId) === room) rooms.delete(room.clinicId);
    room.subscribed
      .then((unsubscribe) => unsubscribe())
      .catch((error: unknown) => logger.warn('could not unsubscribe from clinic events', { clinicId: room.clinicId, error }));
  }

  async function replay(client: Client, afterId: number): Promise<void> {
    try {
      const missed = await stream.readAfter(client.room.clinicId, afterId);
      // Unless the stream was reset (its window starts at or below `after`), the client has seen
      // everything up to `after`: a later live id at or below it means a reset.
      const isReset = (missed[0]?.id ?? Number.POSITIVE_INFINITY) <= afterId;
      if (!isReset) client.lastSentId = afterId;
      for (const event of missed) {
        if (event.id > client.lastSentId) send(client, event, encodeEvent(event), false);
      }
      client.duplicatesUpTo = missed.at(-1)?.id ?? 0;
      const held = client.heldDuringReplay ?? [];
      client.heldDuringReplay = undefined;
      for (const event of held) deliverLive(client, event, encodeEvent(event));
    } catch (error) {
      logger.warn('replay failed; closing the socket so the client retries', { clinicId: client.room.clinicId, error });
      client.ws.close(CLOSE_INTERNAL_ERROR, 'replay unavailable');
    }
  }

  function onConnection(ws: WebSocket, room: Room, userId: string, afterId: number | undefined): void {
    const client: Client = {
      ws,
      room,
      userId,
      lastSentId: 0,
      heldDuringReplay: afterId === undefined ? undefined : [],
      duplicatesUpTo: 0,
      isAlive: true,
    };
    clients.add(client);
    room.clients.add(client);
    metrics.wsConnections.inc();
    logger.info('websocket connected', { clinicId: room.clinicId, userId, isReplaying: afterId !== undefined });
    ws.on('pong', () => {
      client.isAlive = true;
    });
    // Client messages are not part of the protocol: ignored, never parsed.
    ws.on('message', () => undefined);
    ws.on('error', (error) => logger.info('websocket error', { clinicId: room.clinicId, userId, error: error.message }));
    ws.once('close', (code) => {
      clients.delete(client);
      room.clients.delete(client);
      metrics.wsConnections.dec();
      leaveRoom(room);
      logger.info('websocket closed', { clinicId: room.clinicId, userId, code });
    });
    if (afterId !== undefined) void replay(client, afterId);
  }

  async function admit(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, onSocketError: (error: Error) => void): Promise<void> {
    if (isClosing) throw new UpgradeRefused(503);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw new UpgradeRefused(403);
    const ticket = url.searchParams.get('ticket');
    if (!ticket) throw new UpgradeRefused(401);
    const afterParam = url.searchParams.get('after');
    if (afterParam !== null && !AFTER_PARAM.test(afterParam)) throw new UpgradeRefused(400);
    const holder = await tickets.redeem(ticket);
    if (!holder) throw new UpgradeRefused(401);
    const membership = findClinicMembership(holder.memberships, url.searchParams.get('clinicId') ?? holder.memberships[0]?.clinicId);
    if (!membership) throw new UpgradeRefused(404);
    if (socket.destroyed) return;

    const room = joinRoom(membership.clinicId);
    let isHandedOver = false;
    // `ws` answers a malformed handshake itself without calling back: give the room back then.
    socket.once('close', () => {
      if (!isHandedOver) leaveRoom(room);
    });
    try {
      // Subscribed before the handshake completes: nothing published after the client sees the
      // socket open can be missed, and a replay read afterwards overlaps the live feed.
      await room.subscribed;
    } catch (error) {
      logger.error('could not subscribe to clinic events', { clinicId: membership.clinicId, error });
      throw new UpgradeRefused(503);
    }
    if (isClosing) throw new UpgradeRefused(503);
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      isHandedOver = true;
      socket.off('error', onSocketError);
      onConnection(ws, room, holder.userId, afterParam === null ? undefined : Number(afterParam));
    });
  }

  function onUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== REALTIME_PATH) {
      // Another upgrade listener may own this path; with none, answer instead of hanging.
      if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404);
      return;
    }
    const onSocketError = (error: Error) => logger.info('websocket upgrade socket error', { error: error.message });
    socket.on('error', onSocketError);
    admit(req, socket, head, url, onSocketError).catch((error: unknown) => {
      if (error instanceof UpgradeRefused) {
        refuseUpgrade(socket, error.status);
      } else {
        logger.error('websocket upgrade failed', { error });
        refuseUpgrade(socket, 500);
      }
    });
  }

  function checkHeartbeats(): void {
    for (const client of clients) {
      if (!client.isAlive) {
        terminate(client, 'heartbeat');
        continue;
      }
      client.isAlive = false;
      client.ws.ping();
    }
  }

  return {
    attach(server) {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(server, req, socket, head));
      heartbeat ??= setInterval(checkHeartbeats, heartbeatIntervalMs);
      heartbeat.unref();
    },

    async close() {
      isClosing = true;
      clearInterval(heartbeat);
      const closed = [...clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.ws.readyState === WebSocket.CLOSED) return resolve();
            client.ws.once('close', () => resolve());
            client.ws.close(CLOSE_GOING_AWAY, 'server shutting down');
          }),
      );
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      });
      await Promise.race([Promise.all(closed), graceOver]);
      clearTimeout(timer);
      // Clients that never answered the close frame are cut.
      for (const client of clients) client.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },

    connectionCount: () => clients.size,
  };
}

/** The wire form `{id, type, clinicId, callId?, at, data}`, encoded once for every socket of a room. */
function encodeEvent(event: StreamedEvent): Buffer {
  return Buffer.from(JSON.stringify(toStreamedEvent(event, event.id)));
}

function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}
