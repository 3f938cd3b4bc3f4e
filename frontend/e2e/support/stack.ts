/**
 * A real stack for the browser tests: the backend (its own embedded database under a temporary
 * DATA_DIR, migrated and seeded with the demo clinics) and a production build of the dashboard
 * served by `next start`, each on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureProductionBuild, FRONTEND_DIR, spawnNext } from '../../scripts/production-build';

const BACKEND_DIR = path.resolve(FRONTEND_DIR, '..', 'backend');
const TSX_CLI = require.resolve('tsx/cli', { paths: [BACKEND_DIR] });
const START_TIMEOUT_MS = 120_000;

export type Stack = { backendUrl: string; frontendUrl: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Keeps the last lines a child printed, to show when it fails. */
function captureOutput(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n'));
    if (lines.length > 80) lines.splice(0, lines.length - 80);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

async function waitForOk(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}) before answering\n${output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${START_TIMEOUT_MS} ms\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'voxanne-browser-'));
  const [backendPort, frontendPort] = [await freePort(), await freePort()];
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const frontendUrl = `http://127.0.0.1:${frontendPort}`;

  const backend = spawn(process.execPath, [TSX_CLI, 'src/main.ts'], {
    cwd: BACKEND_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(backendPort),
      DATA_DIR: dataDir,
      CORS_ORIGINS: frontendUrl,
      PUBLIC_BASE_URL: backendUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const backendOutput = captureOutput(backend);
  const children: ChildProcess[] = [backend];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const [buildExitCode] = await Promise.all([
      ensureProductionBuild({ quiet: true }),
      waitForOk(`${backendUrl}/ready`, backend, backendOutput),
    ]);
    if (buildExitCode !== 0) throw new Error('next build failed (its output is above)');

    const frontend = spawnNext(['start', '--port', String(frontendPort), '--hostname', '127.0.0.1'], {
      env: { ...process.env, BACKEND_URL: backendUrl, PORT: String(frontendPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(frontend);
    await waitForOk(`${frontendUrl}/`, frontend, captureOutput(frontend));
    return { backendUrl, frontendUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
