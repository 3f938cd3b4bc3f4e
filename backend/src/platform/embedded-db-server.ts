/**
 * The embedded database process: PGlite (PostgreSQL compiled to WASM) with pgvector, served
 * on the Postgres wire protocol (embedded-db-socket-server.ts) so the backend talks to it with `pg` exactly as it talks to
 * Supabase. It runs in its own process because PGlite executes queries synchronously and would
 * otherwise stall the HTTP event loop.
 *
 * Started by embedded-db.ts (exits with its parent) or standalone with `--standalone`
 * (`npm run db:embedded`), in which case several backends can share it through DATABASE_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { vector } from '@electric-sql/pglite-pgvector';
import { type EmbeddedDbMessage, lockFilePath, writeLockFile, tryCreateLockFile } from './embedded-db-lock';
import { startEmbeddedSocketServer } from './embedded-db-socket-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      memory: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      standalone: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : undefined;
  if (!values.memory && !dataDir) throw new Error('either --memory or --data-dir is required');
  if (port === 5432) throw new Error('refusing port 5432: it belongs to a real PostgreSQL');

  let lockPath: string | undefined;
  if (dataDir && !values.memory) {
    fs.mkdirSync(dataDir, { recursive: true });
    lockPath = lockFilePath(dataDir);
    if (!tryCreateLockFile(lockPath)) {
      send({ type: 'busy' });
      process.exit(3);
    }
  }

  const db = await PGlite.create({
    dataDir: values.memory || !dataDir ? 'memory://' : path.join(dataDir, 'pgdata'),
    extensions: { vector, btree_gist },
  });
  const server = await startEmbeddedSocketServer(db, { host: '127.0.0.1', port });
  const url = `postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`;
  if (lockPath) writeLockFile(lockPath, { pid: process.pid, url });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await server.close();
      // A clean close checkpoints the data directory, so the next start needs no recovery.
      await db.close();
    } finally {
      if (lockPath) fs.rmSync(lockPath, { force: true });
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('message', (message: unknown) => {
    if ((message as EmbeddedDbMessage | undefined)?.type === 'stop') void stop();
  });
  // Without --standalone the database lives and dies with the backend that started it.
  if (!values.standalone) process.on('disconnect', () => void stop());

  send({ type: 'ready', url });
  if (values.standalone) {
    process.stdout.write(`Embedded Postgres ready: DATABASE_URL=${url}\n`);
  }
}

function send(message: EmbeddedDbMessage): void {
  if (process.send) process.send(message);
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded database failed to start: ${(error as Error).stack ?? String(error)}\n`);
  send({ type: 'failed', reason: (error as Error).message });
  process.exit(1);
});
