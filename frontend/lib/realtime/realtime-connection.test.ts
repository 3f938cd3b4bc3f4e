import { createRealtimeConnection, CLOSE_STREAM_RESET, type ConnectionState, type SocketLike } from './realtime-connection';
import type { ClinicEvent } from './clinic-event';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  isClosed = false;
  constructor(readonly url: URL) {}
  close() {
    this.isClosed = true;
  }
  open() {
    this.onopen?.();
  }
  send(id: number) {
    this.onmessage?.({ data: JSON.stringify({ id, type: 'call.status', clinicId: 'clinic-1', callId: 'call-1', at: '2026-12-04T00:00:00Z', data: { status: 'ringing' } }) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

function setUp(options: { isOnline?: () => boolean } = {}) {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const events: number[] = [];
  let resyncs = 0;
  let tickets = 0;
  const connection = createRealtimeConnection({
    clinicId: 'clinic-1',
    fetchTicket: async () => ({ ticket: `t${++tickets}`, url: 'ws://backend.test/ws' }),
    openSocket: (url) => {
      const socket = new FakeSocket(new URL(url));
      sockets.push(socket);
      return socket;
    },
    onEvent: (event: ClinicEvent) => events.push(event.id),
    onState: (state) => states.push(state),
    onResync: () => (resyncs += 1),
    backoff: { baseMs: 1_000, maxMs: 8_000, random: () => 1 },
    ...options,
  });
  return { connection, sockets, states, events, resyncs: () => resyncs };
}

const settle = () => jest.advanceTimersByTimeAsync(0);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('dials with a ticket and the clinic, goes live, and asks pages to resync', async () => {
  const { connection, sockets, states, resyncs } = setUp();
  connection.start();
  await settle();
  expect(sockets).toHaveLength(1);
  const url = sockets[0]!.url;
  expect(url.searchParams.get('ticket')).toBe('t1');
  expect(url.searchParams.get('clinicId')).toBe('clinic-1');
  expect(url.searchParams.has('after')).toBe(false);
  sockets[0]!.open();
  expect(connection.state).toBe('live');
  expect(states).toEqual(['live']);
  expect(resyncs()).toBe(1);
});

it('reconnects with a fresh ticket and after=<last id>, dropping replayed duplicates', async () => {
  const { connection, sockets, events, resyncs } = setUp();
  connection.start();
  await settle();
  sockets[0]!.open();
  sockets[0]!.send(1);
  sockets[0]!.send(2);
  sockets[0]!.drop();
  expect(connection.state).toBe('reconnecting');
  await jest.advanceTimersByTimeAsync(999);
  expect(sockets).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(sockets).toHaveLength(2);
  const url = sockets[1]!.url;
  expect(url.searchParams.get('ticket')).toBe('t2');
  expect(url.searchParams.get('after')).toBe('2');
  sockets[1]!.open();
  sockets[1]!.send(2);
  sockets[1]!.send(3);
  sockets[1]!.send(3);
  expect(events).toEqual([1, 2, 3]);
  expect(resyncs()).toBe(1);
});

it('backs off exponentially up to the cap while dials fail', async () => {
  const { connection, sockets } = setUp();
  connection.start();
  await settle();
  const waits: number[] = [];
  for (let index = 0; index < 5; index += 1) {
    const before = sockets.length;
    sockets.at(-1)!.drop();
    let waited = 0;
    while (sockets.length === before) {
      await jest.advanceTimersByTimeAsync(250);
      waited += 250;
    }
    waits.push(waited);
  }
  expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  expect(connection.state).toBe('connecting');
});

it('goes offline with the network and redials at once when it returns', async () => {
  let isOnline = true;
  const { connection, sockets } = setUp({ isOnline: () => isOnline });
  connection.start();
  await settle();
  sockets[0]!.open();
  sockets[0]!.send(7);
  isOnline = false;
  connection.handleOffline();
  expect(connection.state).toBe('offline');
  expect(sockets[0]!.isClosed).toBe(true);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(sockets).toHaveLength(1);
  isOnline = true;
  connection.handleOnline();
  await settle();
  expect(sockets).toHaveLength(2);
  expect(sockets[1]!.url.searchParams.get('after')).toBe('7');
  expect(connection.state).toBe('reconnecting');
});

it('redials on wake after a long sleep, but not after a glance away', async () => {
  const { connection, sockets } = setUp();
  connection.start();
  await settle();
  sockets[0]!.open();
  connection.handleWake(2_000);
  await settle();
  expect(sockets).toHaveLength(1);
  connection.handleWake(5 * 60_000);
  await settle();
  expect(sockets).toHaveLength(2);
  expect(sockets[0]!.isClosed).toBe(true);
});

it('accepts restarted ids after a stream reset and asks for a resync', async () => {
  const { connection, sockets, events, resyncs } = setUp();
  connection.start();
  await settle();
  sockets[0]!.open();
  sockets[0]!.send(41);
  sockets[0]!.drop(CLOSE_STREAM_RESET);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(sockets[1]!.url.searchParams.get('after')).toBe('41');
  sockets[1]!.open();
  sockets[1]!.send(1);
  sockets[1]!.send(2);
  expect(events).toEqual([41, 1, 2]);
  expect(resyncs()).toBe(2);
});

it('stops for good', async () => {
  const { connection, sockets } = setUp();
  connection.start();
  await settle();
  sockets[0]!.open();
  connection.stop();
  expect(sockets[0]!.isClosed).toBe(true);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(sockets).toHaveLength(1);
});
