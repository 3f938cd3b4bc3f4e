import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A Postgres wire-protocol server in front of one PGlite instance, multiplexing many client
 * connections onto its single session.
 *
 * Why our own and not pglite-socket's server: that one hands PGlite one protocol message at a
 * time and lets other connections in between, so client B's Parse could land between client
 * A's Parse and Bind and replace A's unnamed statement ("portal does not exist", wrong
 * parameter counts, wrong rows) — seen under concurrent transactions — and its queue stops for
 * good after a failed execution. Here a connection's messages go to PGlite in whole batches,
 * up to a Sync or a simple Query, and a connection keeps the session from its first message
 * until its transaction ends, so nothing can interleave with an open transaction or an
 * extended-protocol exchange. Others wait their turn in order.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

class SessionLock {
  private owner: number | undefined;
  private readonly waiting: { connectionId: number; grant: () => void }[] = [];

  acquire(connectionId: number): Promise<void> {
    if (this.owner === undefined || this.owner === connectionId) {
      this.owner = connectionId;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ connectionId, grant }));
  }

  release(connectionId: number): void {
    if (this.owner !== connectionId) return;
    const next = this.waiting.shift();
    this.owner = next?.connectionId;
    next?.grant();
  }

  isOwnedBy(connectionId: number): boolean {
    return this.owner === connectionId;
  }

  forget(connectionId: number): void {
    for (let index = this.waiting.length - 1; index >= 0; index -= 1) {
      if (this.waiting[index]!.connectionId === connectionId) this.waiting.splice(index, 1);
    }
  }
}

export type EmbeddedSocketServer = { port: number; close(): Promise<void> };

export async function startEmbeddedSocketServer(db: PGlite, options: { host: string; port: number }): Promise<EmbeddedSocketServer> {
  const lock = new SessionLock();
  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;

  async function run(connectionId: number, socket: net.Socket, batch: Buffer, keepSession: boolean): Promise<void> {
    await lock.acquire(connectionId);
    if (socket.destroyed) return releaseAfterDisconnect(connectionId);
    try {
      await db.runExclusive(() =>
        db.execProtocolRawStream(new Uint8Array(batch), {
          onRawData: (data) => {
            if (!socket.destroyed) socket.write(Buffer.from(data));
          },
        }),
      );
    } finally {
      // Keep the session while a transaction or an unsynced extended exchange is open.
      if (!keepSession && !db.isInTransaction()) lock.release(connectionId);
    }
  }

  async function releaseAfterDisconnect(connectionId: number): Promise<void> {
    lock.forget(connectionId);
    if (!lock.isOwnedBy(connectionId)) return;
    try {
      // exec takes PGlite's own lock; wrapping it in runExclusive would deadlock.
      if (db.isInTransaction()) await db.exec('ROLLBACK');
    } finally {
      lock.release(connectionId);
    }
  }

  function serve(socket: net.Socket): void {
    const connectionId = nextConnectionId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let isStarted = false;
    let batch: Buffer[] = [];
    let chain = Promise.resolve();

    const enqueue = (messages: Buffer, keepSession: boolean) => {
      chain = chain
        .then(() => run(connectionId, socket, messages, keepSession))
        .catch(() => {
          socket.destroy();
        });
    };

    socket.on('data', (data: Buffer) => {
      buffered = buffered.length === 0 ? data : Buffer.concat([buffered, data]);
      for (;;) {
        if (!isStarted) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          const code = buffered.readInt32BE(4);
          if (buffered.length < length) return;
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N'); // no encryption on loopback; the client continues in plain text
          } else if (code === CANCEL_REQUEST) {
            socket.end(); // PGlite has no backend process to interrupt
            return;
          } else if (code === PROTOCOL_3) {
            isStarted = true;
            enqueue(Buffer.from(message), false);
          } else {
            socket.destroy();
            return;
          }
          continue;
        }
        if (buffered.length < 5) return;
        const length = buffered.readInt32BE(1) + 1;
        if (buffered.length < length) return;
        const type = String.fromCharCode(buffered[0]!);
        const message = Buffer.from(buffered.subarray(0, length));
        buffered = buffered.subarray(length);
        if (type === 'X') {
          socket.end();
          return;
        }
        batch.push(message);
        if (type === 'S' || type === 'Q' || type === 'H') {
          const messages = Buffer.concat(batch);
          batch = [];
          enqueue(messages, type === 'H');
        }
      }
    });
    const onGone = () => {
      sockets.delete(socket);
      chain = chain.then(() => releaseAfterDisconnect(connectionId)).catch(() => undefined);
    };
    socket.on('close', onGone);
    socket.on('error', () => socket.destroy());
  }

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
