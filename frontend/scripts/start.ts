/**
 * `npm start` for the dashboard: builds when there is no production build of the current
 * sources (first run, or the code changed since), then serves it.
 * NEXT_TELEMETRY_DISABLED=1 is set for both children because the dashboard must run offline
 * and send nothing anywhere but its backend.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { readConfig } from '../lib/config';

const DEFAULT_PORT = 3000;
const LISTEN_HOSTNAME = '0.0.0.0';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

const frontendDir = path.resolve(__dirname, '..');
const nextBin = require.resolve('next/dist/bin/next', { paths: [frontendDir] });
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function parsePort(rawValue: string | undefined): number {
  if (rawValue === undefined || rawValue.trim() === '') return DEFAULT_PORT;
  const port = Number(rawValue);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be an integer between 1 and 65535, got "${rawValue}"`);
  }
  return port;
}

// Sources whose change makes an existing production build stale (e.g. after a git pull).
const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'tsconfig.json'];
const SOURCE_HASH_FILE = path.join(frontendDir, '.next', 'voxanne-source-hash');

function hashSources(): string {
  const hash = createHash('sha256');
  const visit = (relative: string): void => {
    const absolute = path.join(frontendDir, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) visit(path.join(relative, entry));
      return;
    }
    hash.update(relative).update('\0').update(readFileSync(absolute)).update('\0');
  };
  for (const input of BUILD_INPUTS) visit(input);
  return hash.digest('hex');
}

function isBuildCurrent(sourceHash: string): boolean {
  if (!existsSync(path.join(frontendDir, '.next', 'BUILD_ID'))) return false;
  return existsSync(SOURCE_HASH_FILE) && readFileSync(SOURCE_HASH_FILE, 'utf8').trim() === sourceHash;
}

function runNext(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: frontendDir, env: childEnv, stdio: 'inherit' });
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

  const sourceHash = hashSources();
  if (!isBuildCurrent(sourceHash)) {
    console.log('No current production build of the dashboard; building it first (next build)…');
    const buildExitCode = await runNext(['build']);
    if (buildExitCode !== 0) return buildExitCode;
    writeFileSync(SOURCE_HASH_FILE, `${sourceHash}\n`);
  }

  console.log(`Starting the dashboard on http://localhost:${port} (backend: ${backendUrl})`);
  return runNext(['start', '--port', String(port), '--hostname', LISTEN_HOSTNAME]);
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
