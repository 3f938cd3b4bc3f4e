/**
 * First-load JavaScript per dashboard route, gzipped, from the production build:
 *   npx tsx bench/bundle-size.bench.ts            (builds first when there is no build; --build forces one)
 * Each route's chunks come from `.next/` manifests (see first-load-js.ts). With FRONTEND_URL and
 * BACKEND_URL of a running `next start` + backend, every route is also fetched (signed in as the
 * demo owner) and the chunks its HTML makes the browser load must match the manifests exactly.
 * Exits 1 when a route is over budget or the served HTML disagrees.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import {
  chunksInHtml,
  compareChunkSets,
  firstLoadChunks,
  pageRoutes,
  routeUrl,
  sharedChunks,
  type BuildManifest,
  type EntryJsFiles,
} from './first-load-js';

const BUDGET_GZIP_BYTES = 200_000;
const KB = 1000;
const DEMO_OWNER = { email: 'owner@demo.clinic', password: 'demo-owner-pass' };
const SESSION_COOKIE = 'voxanne_session';

const frontendDir = path.resolve(__dirname, '..');
const nextDir = path.join(frontendDir, '.next');

function buildIfNeeded(): void {
  if (existsSync(path.join(nextDir, 'BUILD_ID')) && !process.argv.includes('--build')) return;
  console.log('No production build yet: running next build …');
  const nextBin = require.resolve('next/dist/bin/next', { paths: [frontendDir] });
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: frontendDir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build exited ${result.status}`);
}

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(path.join(nextDir, relative), 'utf8')) as T;
}

/** `page_client-reference-manifest.js` assigns into a global; run it in a sandbox to read it. */
function readEntryJsFiles(route: string, serverFile: string): EntryJsFiles {
  const manifestPath = path.join(nextDir, 'server', serverFile.replace(/\.js$/, '_client-reference-manifest.js'));
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: EntryJsFiles }> } = {};
  runInNewContext(readFileSync(manifestPath, 'utf8'), { globalThis: sandbox });
  const manifest = sandbox.__RSC_MANIFEST?.[route];
  if (!manifest?.entryJSFiles) throw new Error(`${manifestPath}: no entryJSFiles for ${route}`);
  return manifest.entryJSFiles;
}

const gzipSizes = new Map<string, { raw: number; gzip: number }>();

function chunkSize(chunk: string): { raw: number; gzip: number } {
  let size = gzipSizes.get(chunk);
  if (!size) {
    const bytes = readFileSync(path.join(nextDir, chunk));
    size = { raw: bytes.length, gzip: gzipSync(bytes).length };
    gzipSizes.set(chunk, size);
  }
  return size;
}

function total(chunks: string[]): { raw: number; gzip: number } {
  return chunks.map(chunkSize).reduce((sum, size) => ({ raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }), { raw: 0, gzip: 0 });
}

type Served = { fetchHtml(url: string): Promise<string | null>; clinicId: string };

/** Signs in against the backend and fetches pages with the session cookie, as a browser would. */
async function connectToServer(): Promise<Served | null> {
  const frontendUrl = process.env.FRONTEND_URL;
  const backendUrl = process.env.BACKEND_URL;
  if (!frontendUrl || !backendUrl) return null;
  const login = await fetch(`${backendUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  if (!login.ok) throw new Error(`sign-in as ${DEMO_OWNER.email} failed: HTTP ${login.status}`);
  const { token, memberships } = (await login.json()) as { token: string; memberships: { clinicId: string }[] };
  const clinicId = memberships[0]?.clinicId;
  if (!clinicId) throw new Error(`${DEMO_OWNER.email} has no clinic`);
  const get = (url: string, withSession: boolean) =>
    fetch(`${frontendUrl}${url}`, { redirect: 'manual', headers: withSession ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
  return {
    clinicId,
    // Signed in first; a page that sends the signed-in elsewhere (the sign-in page) is read signed out.
    async fetchHtml(url) {
      for (const withSession of [true, false]) {
        const response = await get(url, withSession);
        if (response.status < 300 || response.status === 404) return response.text();
      }
      return null;
    },
  };
}

function kB(bytes: number): string {
  return (bytes / KB).toFixed(1);
}

async function main(): Promise<number> {
  buildIfNeeded();
  const build = readJson<BuildManifest>('build-manifest.json');
  const appPaths = readJson<Record<string, string>>('server/app-paths-manifest.json');
  const routes = pageRoutes(appPaths).map((route) => ({
    route,
    url: route === '/_not-found/page' ? '/_not-found' : routeUrl(route),
    chunks: firstLoadChunks(route, build, readEntryJsFiles(route, appPaths[route]!)),
  }));
  const baseline = sharedChunks(routes.map(({ chunks }) => chunks));
  const baselineSize = total(baseline);

  const served = await connectToServer();
  let failures = 0;
  const rows = [];
  for (const { url, chunks } of routes) {
    const size = total(chunks);
    let check = 'not run (set FRONTEND_URL and BACKEND_URL)';
    if (served) {
      const concrete = (url === '/_not-found' ? '/bench-no-such-page' : url).replace('[clinicId]', served.clinicId);
      if (/\[.+\]/.test(concrete)) check = 'skipped (needs an id)';
      else {
        const html = await served.fetchHtml(concrete);
        if (html === null) check = 'skipped (redirects)';
        else {
          const { missing, unexpected } = compareChunkSets(chunks, chunksInHtml(html, build.polyfillFiles));
          check = missing.length + unexpected.length === 0 ? 'matches' : `DIFFERS: missing ${missing.join(' ') || '-'}; unexpected ${unexpected.join(' ') || '-'}`;
          if (check !== 'matches') failures += 1;
        }
      }
    }
    const isOver = size.gzip > BUDGET_GZIP_BYTES;
    if (isOver) failures += 1;
    rows.push({
      route: url,
      chunks: chunks.length,
      'raw kB': kB(size.raw),
      'kB gz': kB(size.gzip),
      'x baseline': (size.gzip / baselineSize.gzip).toFixed(2),
      'over baseline kB gz': kB(size.gzip - baselineSize.gzip),
      budget: isOver ? `OVER ${kB(BUDGET_GZIP_BYTES)}` : 'ok',
      'served HTML': check,
    });
  }

  console.log(`First-load JS per route (gzip at zlib's default level, as next start compresses; 1 kB = ${KB} bytes; budget ${kB(BUDGET_GZIP_BYTES)} kB gz per route)`);
  console.log(`Shared framework baseline (JS every route loads): ${baseline.length} chunks, ${kB(baselineSize.raw)} kB raw, ${kB(baselineSize.gzip)} kB gz`);
  console.table(rows);
  if (failures > 0) console.error(`${failures} problem(s): see the budget and served HTML columns.`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
