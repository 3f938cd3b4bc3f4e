/**
 * Knows whether `.next/` holds a production build of the current sources, and makes one when it
 * does not. Used by `npm start` and by the browser tests, which both need a build of exactly this code.
 * NEXT_TELEMETRY_DISABLED=1 is set for every child because the dashboard must run offline and send
 * nothing anywhere but its backend.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FRONTEND_DIR = path.resolve(__dirname, '..');
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [FRONTEND_DIR] });

// Sources whose change makes an existing production build stale (e.g. after a git pull).
const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'tsconfig.json'];
const SOURCE_HASH_FILE = path.join(FRONTEND_DIR, '.next', 'voxanne-source-hash');

function hashSources(): string {
  const hash = createHash('sha256');
  const visit = (relative: string): void => {
    const absolute = path.join(FRONTEND_DIR, relative);
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
  if (!existsSync(path.join(FRONTEND_DIR, '.next', 'BUILD_ID'))) return false;
  return existsSync(SOURCE_HASH_FILE) && readFileSync(SOURCE_HASH_FILE, 'utf8').trim() === sourceHash;
}

/** Starts `next <args>` in the frontend directory. */
export function spawnNext(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: FRONTEND_DIR,
    stdio: 'inherit',
    ...options,
    env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}

export function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', (error) => {
      console.error(`Could not run Next.js: ${error.message}`);
      resolve(1);
    });
  });
}

/**
 * Builds unless `.next/` already holds a build of these sources; resolves to the build's exit code
 * (0 when none was needed). `quiet` keeps the build's output unless it fails.
 */
export async function ensureProductionBuild({ quiet = false }: { quiet?: boolean } = {}): Promise<number> {
  const sourceHash = hashSources();
  if (isBuildCurrent(sourceHash)) return 0;
  if (!quiet) console.log('No current production build of the dashboard; building it first (next build)…');
  const child = spawnNext(['build'], quiet ? { stdio: ['ignore', 'pipe', 'pipe'] } : {});
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await exitCodeOf(child);
  if (exitCode === 0) writeFileSync(SOURCE_HASH_FILE, `${sourceHash}\n`);
  else if (quiet) process.stderr.write(output);
  return exitCode;
}
