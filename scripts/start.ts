/**
 * `npm start`: the whole product on embedded defaults — the backend (which starts its embedded
 * Postgres, migrates and seeds) and the dashboard (built first when needed). Each runs as its
 * own process; signals are forwarded and one exiting stops the other, so Ctrl-C or a SIGTERM
 * leaves nothing running behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..');
const TSX = pathToFileURL(require.resolve('tsx')).href;
const BACKEND_PORT = process.env.BACKEND_PORT ?? '3001';
const FRONTEND_PORT = process.env.FRONTEND_PORT ?? '3000';
const BACKEND_URL = `http://localhost:${BACKEND_PORT}`;
const FRONTEND_URL = `http://localhost:${FRONTEND_PORT}`;
const READY_TIMEOUT_MS = 10 * 60_000; // the first run builds the dashboard

type Service = { name: string; child: ChildProcess; exited: Promise<number> };

function startService(name: string, script: string, env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, ['--import', TSX, script], {
    cwd: path.dirname(path.dirname(script)),
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
    child.on('error', () => resolve(1));
  });
  return { name, child, exited };
}

async function waitUntilUp(url: string, services: Service[]): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (services.some((service) => service.child.exitCode !== null)) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main(): Promise<number> {
  const backend = startService('backend', path.join(ROOT, 'backend/src/main.ts'), {
    PORT: BACKEND_PORT,
    // The dashboard's browser tabs dial the backend's WebSocket: its origin must be allowed.
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? FRONTEND_URL,
  });
  const frontend = startService('dashboard', path.join(ROOT, 'frontend/scripts/start.ts'), {
    PORT: FRONTEND_PORT,
    BACKEND_URL,
  });
  const services = [backend, frontend];

  let stopping = false;
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const service of services) if (service.child.exitCode === null) service.child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  void Promise.all([waitUntilUp(`${BACKEND_URL}/ready`, services), waitUntilUp(FRONTEND_URL, services)]).then(
    ([isBackendUp, isDashboardUp]) => {
      if (isBackendUp && isDashboardUp) {
        process.stdout.write(
          `\n  Voxanne is running.\n    Dashboard  ${FRONTEND_URL}\n    Backend    ${BACKEND_URL}  (/health, /ready, /metrics)\n` +
            '    Log in as owner@demo.clinic / demo-owner-pass (more demo logins above). Ctrl-C stops both.\n\n',
        );
      }
    },
  );

  const first = await Promise.race(services.map(async (service) => ({ service, code: await service.exited })));
  if (!stopping) {
    process.stderr.write(`\n${first.service.name} exited with code ${first.code}; stopping the rest.\n`);
    stopAll('SIGTERM');
  }
  const codes = await Promise.all(services.map((service) => service.exited));
  return stopping && codes.every((code) => code === 0 || code === 130 || code === 143) ? 0 : first.code || 1;
}

main().then((code) => process.exit(code));
