/**
 * First-load JavaScript per dashboard route, gzipped, from the production build:
 *   npx tsx bench/bundle-size.bench.ts     (builds first when the build is not of the current sources)
 * Each route's chunks come from `.next/` manifests (see first-load-js.ts). Every route is also served
 * (by FRONTEND_URL + BACKEND_URL when set, else by a stack this bench starts: a backend on a
 * temporary embedded database and `next start`), fetched signed in as the demo owner, and the chunks
 * its HTML makes the browser load are added: the size is what a first load really fetches. The
 * manifests miss a chunk or two (client components a server component renders, such as next/link);
 * the "served HTML" column says which. `--no-serve` measures the manifests alone.
 * Exits 1 when a route is over budget.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { startStack, type Stack } from '../e2e/support/stack';
import { ensureProductionBuild } from '../scripts/production-build';
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

type Served = { fetchHtml(url: string): Promise<string | null>; clinicId: string; callId: string | null };

/** Signs in against the backend and fetches pages with the session cookie, as a browser would. */
async function connectToServer(frontendUrl: string, backendUrl: string): Promise<Served> {
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
  const calls = await fetch(`${backendUrl}/api/v1/clinics/${clinicId}/calls?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const callId = calls.ok ? (((await calls.json()) as { items: { id: string }[] }).items[0]?.id ?? null) : null;
  return {
    clinicId,
    callId,
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
  const buildExitCode = await ensureProductionBuild();
  if (buildExitCode !== 0) throw new Error(`next build exited ${buildExitCode}`);
  const build = readJson<BuildManifest>('build-manifest.json');
  const appPaths = readJson<Record<string, string>>('server/app-paths-manifest.json');
  const routes = pageRoutes(appPaths).map((route) => ({
    route,
    url: route === '/_not-found/page' ? '/_not-found' : routeUrl(route),
    chunks: firstLoadChunks(route, build, readEntryJsFiles(route, appPaths[route]!)),
  }));
  const baseline = sharedChunks(routes.map(({ chunks }) => chunks));
  const baselineSize = total(baseline);

  let stack: Stack | null = null;
  let served: Served | null = null;
  if (process.env.FRONTEND_URL && process.env.BACKEND_URL) served = await connectToServer(process.env.FRONTEND_URL, process.env.BACKEND_URL);
  else if (!process.argv.includes('--no-serve')) {
    stack = await startStack();
    served = await connectToServer(stack.frontendUrl, stack.backendUrl);
  }

  let failures = 0;
  const rows = [];
  try {
    for (const { url, chunks: manifestChunks } of routes) {
      let chunks = manifestChunks;
      let check = 'not served (--no-serve): manifests only, a lower bound';
      if (served) {
        const concrete = (url === '/_not-found' ? '/bench-no-such-page' : url)
          .replace('[clinicId]', served.clinicId)
          .replace('[callId]', served.callId ?? '[callId]');
        const html = /\[.+\]/.test(concrete) ? null : await served.fetchHtml(concrete);
        if (html === null) check = 'not served (no id or redirects): manifests only';
        else {
          const loaded = chunksInHtml(html, build.polyfillFiles);
          const { missing, unexpected } = compareChunkSets(manifestChunks, loaded);
          chunks = [...new Set([...manifestChunks, ...unexpected])];
          check =
            missing.length + unexpected.length === 0
              ? 'matches the manifests'
              : `manifests${unexpected.length ? ` + ${unexpected.join(' ')}` : ''}${missing.length ? `; not loaded: ${missing.join(' ')}` : ''}`;
        }
      }
      const size = total(chunks);
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
  } finally {
    await stack?.stop();
  }

  console.log(`First-load JS per route (gzip at zlib's default level, as next start compresses; 1 kB = ${KB} bytes; budget ${kB(BUDGET_GZIP_BYTES)} kB gz per route)`);
  console.log(`Shared framework baseline (JS every route loads): ${baseline.length} chunks, ${kB(baselineSize.raw)} kB raw, ${kB(baselineSize.gzip)} kB gz`);
  console.table(rows);
  if (failures > 0) console.error(`${failures} route(s) over the ${kB(BUDGET_GZIP_BYTES)} kB gz budget.`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
