/**
 * Which JavaScript a browser downloads on the first load of an App Router page, worked out from
 * the build's manifests. Next 16 no longer prints these sizes, so the bundle-size bench counts
 * them itself. Pure functions of the manifest contents; the bench does the IO.
 */

/** `.next/build-manifest.json`: the runtime every page boots with, and the legacy polyfills. */
export type BuildManifest = { rootMainFiles: string[]; polyfillFiles: string[] };

/** Entry chunks per app file (`[project]/frontend/app/clinics/[clinicId]/layout` → chunks). */
export type EntryJsFiles = Record<string, string[]>;

// Files of a segment whose client components are part of every render below it. `not-found`,
// `forbidden`, `unauthorized` and `global-error` only load when they are shown.
const SEGMENT_FILES = ['layout', 'template', 'error', 'loading'];
const NOT_FOUND_ROUTE = '/_not-found/page';
const CHUNK_PATTERN = /static\/chunks\/[A-Za-z0-9_.~-]+\.js/g;

/** The app pages of `server/app-paths-manifest.json` (route handlers and the global error page are no pages). */
export function pageRoutes(appPaths: Record<string, string>): string[] {
  return Object.keys(appPaths)
    .filter((route) => route.endsWith('/page') && route !== '/_global-error/page')
    .sort();
}

/** "/clinics/[clinicId]/page" → "/clinics/[clinicId]"; "/page" → "/". Route groups vanish from URLs. */
export function routeUrl(route: string): string {
  const segments = route
    .replace(/\/page$/, '')
    .split('/')
    .filter((segment) => segment && !/^\(.+\)$/.test(segment));
  return `/${segments.join('/')}`;
}

/** "static/chunks/a.js" whatever the manifest's spelling ("/_next/static/chunks/a.js"). */
export function normaliseChunk(file: string): string {
  return file.replace(/^\/?(_next\/)?/, '');
}

/** The app files rendered on a first load of `route`: each ancestor segment's layout & co., then the page. */
export function routeEntryKeys(route: string, entries: EntryJsFiles): string[] {
  const rootLayout = Object.keys(entries).find((key) => key.endsWith('/app/layout'));
  if (!rootLayout) throw new Error(`${route}: no root layout among the entries (${Object.keys(entries).join(', ')})`);
  const prefix = rootLayout.slice(0, -'layout'.length);
  const isNotFound = route === NOT_FOUND_ROUTE;
  const directory = isNotFound ? '' : route.replace(/^\//, '').replace(/\/?page$/, '');
  const parts = directory ? directory.split('/') : [];
  const keys: string[] = [];
  for (let depth = 0; depth <= parts.length; depth += 1) {
    const segment = parts.slice(0, depth).join('/');
    for (const file of SEGMENT_FILES) keys.push(`${prefix}${segment ? `${segment}/` : ''}${file}`);
  }
  keys.push(isNotFound ? `${prefix}not-found` : `${prefix}${directory ? `${directory}/` : ''}page`);
  const present = keys.filter((key) => key in entries);
  if (!present.includes(keys[keys.length - 1]!)) throw new Error(`${route}: its page is not among the entries`);
  return present;
}

/** The JS chunks of a first load of `route`, in load order, without duplicates or legacy polyfills. */
export function firstLoadChunks(route: string, build: BuildManifest, entries: EntryJsFiles): string[] {
  const files = [...build.rootMainFiles, ...routeEntryKeys(route, entries).flatMap((key) => entries[key] ?? [])];
  const polyfills = new Set(build.polyfillFiles.map(normaliseChunk));
  return [...new Set(files.map(normaliseChunk))].filter((file) => file.endsWith('.js') && !polyfills.has(file));
}

/**
 * The chunks a served page makes the browser load: its `<script src>` tags and the client
 * chunks named in its inline RSC payload, which React loads while hydrating.
 */
export function chunksInHtml(html: string, polyfillFiles: string[]): string[] {
  const polyfills = new Set(polyfillFiles.map(normaliseChunk));
  return [...new Set(html.match(CHUNK_PATTERN) ?? [])].filter((file) => !polyfills.has(file)).sort();
}

/** The chunks every route loads: the framework baseline. */
export function sharedChunks(chunkSets: string[][]): string[] {
  const [first, ...rest] = chunkSets;
  if (!first) return [];
  return first.filter((chunk) => rest.every((set) => set.includes(chunk)));
}

/** Symmetric difference, for reporting what the manifests and the served page disagree on. */
export function compareChunkSets(expected: string[], actual: string[]): { missing: string[]; unexpected: string[] } {
  return {
    missing: expected.filter((chunk) => !actual.includes(chunk)),
    unexpected: actual.filter((chunk) => !expected.includes(chunk)),
  };
}
