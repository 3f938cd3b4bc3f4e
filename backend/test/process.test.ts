import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { testDatabaseUrl } from './support/test-db';

const BACKEND_MAIN = path.resolve(__dirname, '../src/main.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function startBackend(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX, BACKEND_MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backend did not become healthy within ${timeoutMs} ms`);
}

describe('the backend process', () => {
  it('refuses to start in production without a database and secrets, naming each', async () => {
    const { exited } = startBackend({ NODE_ENV: 'production' });
    const result = await exited;
    expect(result.code).toBe(1);
    for (const variable of ['DATABASE_URL', 'JWT_SECRET', 'VAPI_WEBHOOK_SECRET', 'TWILIO_AUTH_TOKEN']) {
      expect(result.stderr).toContain(variable);
    }
  });

  it('exits non-zero naming a malformed variable', async () => {
    const result = await startBackend({ PORT: 'abc' }).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: /);
  });

  it('serves, then exits 0 within 10 s of SIGTERM', async () => {
    const port = await freePort();
    const { child, exited } = startBackend({
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      JWT_SECRET: 'process-test-secret-with-32-characters!!',
    });
    try {
      await waitForHealth(port, 20_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${(await exited).stderr}`, { cause: error });
    }
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
