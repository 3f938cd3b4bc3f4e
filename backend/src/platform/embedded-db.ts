import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import {
  type EmbeddedDbMessage,
  isProcessAlive,
  lockFilePath,
  readLockFile,
} from './embedded-db-lock';

export type EmbeddedDb = {
  url: string;
  /** False when another backend already served this DATA_DIR and we only connected to it. */
  isOwner: boolean;
  stop(): Promise<void>;
};

export type EmbeddedDbOptions =
  | { mode: 'memory'; port?: number }
  | { mode: 'persistent'; dataDir: string; port?: number };

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts (or, for a persistent DATA_DIR already served by a live process, joins) the embedded
 * PGlite server in a child process and resolves with its postgres:// URL.
 */
export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  if (options.mode === 'memory') {
    const started = await spawnServer(['--memory', '--port', String(options.port ?? 0)]);
    if (started === 'busy') throw new Error('an in-memory embedded database cannot be busy');
    return started;
  }

  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const shared = await joinRunningServer(dataDir);
    if (shared) return shared;
    const started = await spawnServer(['--data-dir', dataDir, '--port', String(options.port ?? 0)]);
    if (started !== 'busy') return started;
    await delay(250); // another process owns the directory and is still starting
  }
  throw new Error(`embedded database in ${dataDir} did not become ready in time`);
}

async function joinRunningServer(dataDir: string): Promise<EmbeddedDb | undefined> {
  const lock = readLockFile(lockFilePath(dataDir));
  if (!lock?.url || !isProcessAlive(lock.pid)) return undefined;
  if (!(await canConnect(lock.url))) return undefined;
  return { url: lock.url, isOwner: false, stop: async () => undefined };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function serverEntryArgs(): string[] {
  const extension = path.extname(__filename);
  const entry = path.join(__dirname, `embedded-db-server${extension}`);
  // Running from TypeScript sources (tsx, jest): the child needs the same loader.
  if (extension === '.ts') return ['--import', pathToFileURL(require.resolve('tsx')).href, entry];
  return [entry];
}

function spawnServer(args: string[]): Promise<EmbeddedDb | 'busy'> {
  const child = spawn(process.execPath, [...serverEntryArgs(), ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
    // Its own process group: a Ctrl-C in the terminal reaches the backend, which closes its
    // pool first and then stops the database, instead of both stopping at once.
    detached: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('embedded database did not start in time'));
    }, START_TIMEOUT_MS);
    const settle = (): void => {
      clearTimeout(timer);
      child.removeAllListeners('message');
      child.removeAllListeners('exit');
    };
    child.on('message', (message: EmbeddedDbMessage) => {
      if (message.type === 'ready') {
        settle();
        // Keep the IPC channel (its closing tells the child we are gone) but let Node exit.
        child.unref();
        child.channel?.unref();
        resolve({ url: message.url, isOwner: true, stop: () => stopChild(child) });
      } else if (message.type === 'busy') {
        settle();
        resolve('busy');
      } else if (message.type === 'failed') {
        settle();
        reject(new Error(`embedded database failed to start: ${message.reason}`));
      }
    });
    child.on('exit', (code) => {
      settle();
      reject(new Error(`embedded database exited during start-up (code ${code ?? 'null'})`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' } satisfies EmbeddedDbMessage);
    else child.kill('SIGTERM');
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
