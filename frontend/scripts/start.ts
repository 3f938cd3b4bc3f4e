/**
 * `npm start` for the dashboard: builds when there is no production build of the current
 * sources (first run, or the code changed since), then serves it.
 */
import { constants as osConstants } from 'node:os';
import { readConfig } from '../lib/config';
import { ensureProductionBuild, spawnNext } from './production-build';

const DEFAULT_PORT = 3000;
const LISTEN_HOSTNAME = '0.0.0.0';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function parsePort(rawValue: string | undefined): number {
  if (rawValue === undefined || rawValue.trim() === '') return DEFAULT_PORT;
  const port = Number(rawValue);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be an integer between 1 and 65535, got "${rawValue}"`);
  }
  return port;
}

function serve(port: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawnNext(['start', '--port', String(port), '--hostname', LISTEN_HOSTNAME]);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    child.on('exit', (code, signal) => {
      for (const forwardedSignal of FORWARDED_SIGNALS) process.off(forwardedSignal, forward);
      resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 1));
    });
    child.on('error', (error) => {
      console.error(`Could not run Next.js: ${error.message}`);
      resolve(1);
    });
  });
}

async function main(): Promise<number> {
  const port = parsePort(process.env.PORT);
  const { backendUrl } = readConfig();
  const buildExitCode = await ensureProductionBuild();
  if (buildExitCode !== 0) return buildExitCode;
  console.log(`Starting the dashboard on http://localhost:${port} (backend: ${backendUrl})`);
  return serve(port);
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
