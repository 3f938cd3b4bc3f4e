import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import WebSocket from 'ws';
import type { StreamedEvent } from '../../src/platform/events/clinic-event-stream';
import { createRealtimeHub, type RealtimeHub, type RealtimeHubOptions } from '../../src/modules/realtime/realtime-hub';
import { waitUntil } from './job-testing';

/**
 * A real listening server with the realtime hub attached, and real `ws` clients that record what
 * they receive: the realtime tests talk to the backend exactly as the dashboard does.
 */
export type RealtimeServer = { server: http.Server; hub: RealtimeHub; baseUrl: string; wsUrl: string; stop(): Promise<void> };

export async function startRealtimeServer(app: Express, hubOptions: RealtimeHubOptions): Promise<RealtimeServer> {
  const server = http.createServer(app);
  const hub = createRealtimeHub(hubOptions);
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    hub,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async stop() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function mintTicket(app: Express | string, token: string): Promise<string> {
  const response = await request(app).post('/api/v1/realtime/ticket').set('Authorization', `Bearer ${token}`);
  if (response.status !== 200) throw new Error(`ticket request answered ${response.status}`);
  return response.body.ticket as string;
}

export type TestSocket = {
  ws: WebSocket;
  events: StreamedEvent[];
  /** Settles when the socket closes, with the close code seen by the client. */
  closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
  waitForEvents(count: number, timeoutMs?: number): Promise<StreamedEvent[]>;
  /** The client's TCP socket, to stop reading (a slow consumer). */
  rawSocket(): Socket;
};

export type ConnectOutcome = { status: number } | { socket: TestSocket };

/** Opens `/ws` with the given query; resolves with the refused status or the open socket. */
export function connect(
  wsUrl: string,
  query: Record<string, string | number | undefined>,
  options: { origin?: string; autoPong?: boolean } = {},
): Promise<ConnectOutcome> {
  const url = new URL(wsUrl);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  const ws = new WebSocket(url, {
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.autoPong === false ? { autoPong: false } : {}),
  });
  const events: StreamedEvent[] = [];
  let isClosed = false;
  // Errors after the handshake (a reset when the server cuts the socket) show up as 'close'.
  ws.on('error', () => undefined);
  ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8')) as StreamedEvent));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code: number, reason: Buffer) => {
      isClosed = true;
      resolve({ code, reason: reason.toString('utf8') });
    });
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      response.resume();
      ws.terminate();
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        socket: {
          ws,
          events,
          closed,
          isClosed: () => isClosed,
          async waitForEvents(count, timeoutMs = 5_000) {
            await waitUntil(() => events.length >= count, { timeoutMs, description: `${count} event(s), got ${events.length}` });
            return events;
          },
          rawSocket: () => (ws as unknown as { _socket: Socket })._socket,
        },
      }),
    );
  });
}

/** Opens a socket that must be accepted. */
export async function connectOpen(
  wsUrl: string,
  query: Record<string, string | number | undefined>,
  options: { origin?: string; autoPong?: boolean } = {},
): Promise<TestSocket> {
  const outcome = await connect(wsUrl, query, options);
  if ('status' in outcome) throw new Error(`websocket refused with ${outcome.status}`);
  return outcome.socket;
}

export async function closeSocket(socket: TestSocket): Promise<void> {
  if (!socket.isClosed()) socket.ws.terminate();
  await socket.closed;
}
