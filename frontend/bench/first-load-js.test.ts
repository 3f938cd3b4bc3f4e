import { chunksInHtml, compareChunkSets, firstLoadChunks, pageRoutes, routeEntryKeys, routeUrl, sharedChunks } from './first-load-js';

const ROOT = '[project]/frontend/app/';
const entries = {
  [`${ROOT}layout`]: ['static/chunks/shell.js'],
  [`${ROOT}not-found`]: ['static/chunks/shell.js', 'static/chunks/not-found.js'],
  '[project]/node_modules/next/dist/client/components/builtin/global-error': ['static/chunks/shell.js'],
  [`${ROOT}page`]: ['static/chunks/shell.js', 'static/chunks/home.js'],
  [`${ROOT}clinics/[clinicId]/layout`]: ['static/chunks/shell.js', 'static/chunks/clinic.js'],
  [`${ROOT}clinics/[clinicId]/error`]: ['static/chunks/shell.js', 'static/chunks/clinic.js', 'static/chunks/error.js'],
  [`${ROOT}clinics/[clinicId]/page`]: ['static/chunks/shell.js', 'static/chunks/clinic.js', 'static/chunks/overview.js'],
  [`${ROOT}clinics/[clinicId]/calls/page`]: ['static/chunks/shell.js', 'static/chunks/clinic.js', 'static/chunks/calls.js'],
};
const build = {
  rootMainFiles: ['static/chunks/framework.js', 'static/chunks/turbopack-runtime.js'],
  polyfillFiles: ['static/chunks/polyfills.js'],
};

describe('pageRoutes', () => {
  it('keeps pages, drops route handlers and the global error page', () => {
    expect(
      pageRoutes({
        '/page': 'app/page.js',
        '/_global-error/page': 'x',
        '/_not-found/page': 'x',
        '/api/session/route': 'x',
        '/clinics/[clinicId]/page': 'x',
      }),
    ).toEqual(['/_not-found/page', '/clinics/[clinicId]/page', '/page']);
  });
});

describe('routeUrl', () => {
  it.each([
    ['/page', '/'],
    ['/clinics/[clinicId]/page', '/clinics/[clinicId]'],
    ['/(dash)/clinics/[clinicId]/calls/page', '/clinics/[clinicId]/calls'],
  ])('%s → %s', (route, url) => {
    expect(routeUrl(route)).toBe(url);
  });
});

describe('routeEntryKeys', () => {
  it('takes the layouts and error boundaries above a page, not the not-found page', () => {
    expect(routeEntryKeys('/clinics/[clinicId]/calls/page', entries)).toEqual([
      `${ROOT}layout`,
      `${ROOT}clinics/[clinicId]/layout`,
      `${ROOT}clinics/[clinicId]/error`,
      `${ROOT}clinics/[clinicId]/calls/page`,
    ]);
  });
  it('treats the not-found route as the root not-found file', () => {
    expect(routeEntryKeys('/_not-found/page', entries)).toEqual([`${ROOT}layout`, `${ROOT}not-found`]);
  });
  it('fails loudly when the page is missing from the manifest', () => {
    expect(() => routeEntryKeys('/clinics/[clinicId]/live/page', entries)).toThrow(/not among the entries/);
  });
});

describe('firstLoadChunks', () => {
  it('is the runtime plus the route entries, once each, without polyfills', () => {
    expect(firstLoadChunks('/clinics/[clinicId]/page', { ...build, rootMainFiles: [...build.rootMainFiles, 'static/chunks/polyfills.js'] }, entries)).toEqual([
      'static/chunks/framework.js',
      'static/chunks/turbopack-runtime.js',
      'static/chunks/shell.js',
      'static/chunks/clinic.js',
      'static/chunks/error.js',
      'static/chunks/overview.js',
    ]);
  });
  it('normalises "/_next/" spellings', () => {
    expect(firstLoadChunks('/page', { rootMainFiles: ['/_next/static/chunks/framework.js'], polyfillFiles: [] }, entries)).toEqual([
      'static/chunks/framework.js',
      'static/chunks/shell.js',
      'static/chunks/home.js',
    ]);
  });
});

describe('chunksInHtml', () => {
  it('reads script tags and the RSC payload, skipping the nomodule polyfills', () => {
    const html = `<script src="/_next/static/chunks/framework.js" async=""></script><script src="/_next/static/chunks/polyfills.js" noModule=""></script>
      <script>self.__next_f.push([1,"5:I[123,[\\"/_next/static/chunks/shell.js\\",\\"/_next/static/chunks/err-or_1.js\\"],\\"default\\"]"])</script>`;
    expect(chunksInHtml(html, build.polyfillFiles)).toEqual(['static/chunks/err-or_1.js', 'static/chunks/framework.js', 'static/chunks/shell.js']);
  });
});

describe('sharedChunks', () => {
  it('is what every route loads', () => {
    expect(sharedChunks([['a', 'b', 'c'], ['b', 'a'], ['c', 'a', 'b']])).toEqual(['a', 'b']);
    expect(sharedChunks([])).toEqual([]);
  });
});

describe('compareChunkSets', () => {
  it('names both directions of a disagreement', () => {
    expect(compareChunkSets(['a', 'b'], ['b', 'c'])).toEqual({ missing: ['a'], unexpected: ['c'] });
  });
});
