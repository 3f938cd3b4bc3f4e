import assert from 'node:assert/strict';
import type { APIRequestContext, Page } from 'playwright-core';
import { NORTHSIDE_OWNER, signIn, type Flow } from '../support/flow';

const CLINIC_PAGES = ['', 'live', 'calls', 'appointments', 'messages', 'escalations', 'knowledge', 'agent'];

// Facts of the demo clinic (shared/demo-clinics.md) that can never be true of Northside.
const DEMO_CLINIC_FACTS = ['Harley Street', 'Dr Amelia Hart', 'Nurse Priya Shah', 'Sophie Lane', 'Grace Miller', '+442079460000', '020 7946 0000', 'pn_demo'];

type Items<T> = { items: T[] };
type Person = { name: string | null; phone: string };

async function readItems<T>(request: APIRequestContext, url: string): Promise<T[]> {
  const response = await request.get(url);
  assert.equal(response.status(), 200, `GET ${url}`);
  return ((await response.json()) as Items<T>).items;
}

/** What each clinic has in its own data: KB titles, patient names and numbers, service names. */
async function readClinicData(request: APIRequestContext, frontendUrl: string, clinicId: string) {
  const base = `${frontendUrl}/api/backend/clinics/${clinicId}`;
  const [documents, patients, services] = await Promise.all([
    readItems<{ title: string }>(request, `${base}/kb/documents`),
    readItems<Person>(request, `${base}/patients`),
    readItems<{ name: string }>(request, `${base}/services`),
  ]);
  return {
    titles: documents.map((document) => document.title),
    strings: [...patients.flatMap((patient) => [patient.name, patient.phone]), ...services.map((service) => service.name)].filter(
      (value): value is string => Boolean(value),
    ),
  };
}

/**
 * The whole page as the browser has it once its data arrived: visible text and markup, incl. the
 * RSC payload. (Not `networkidle`: the side nav's prefetches and the live socket keep it busy.)
 */
async function pageText(page: Page): Promise<string> {
  await page.waitForLoadState('load');
  await page.locator('.state-loading, [aria-busy="true"]').first().waitFor({ state: 'detached' });
  return `${await page.locator('body').innerText()}\n${await page.content()}`;
}

/**
 * Northside's owner, in a browser of their own, sees Northside everywhere and nothing of the
 * demo clinic: not on any page, not through a demo URL, not through the API proxy.
 */
export const isolationFlow: Flow = async (ctx) => {
  // A named demo patient with a number, so there is something that must not leak.
  await ctx.simulateCall('booking');
  const demo = await readClinicData(ctx.page.request, ctx.frontendUrl, ctx.clinicId);
  assert.ok(demo.titles.length > 0 && demo.strings.length > 0, 'the demo clinic has data to leak');
  await ctx.page.goto(ctx.clinicUrl());
  assert.ok((await pageText(ctx.page)).includes('Harley Street'), 'the check sees the demo clinic on its own overview');

  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const northsideId = await signIn(page, ctx.frontendUrl, NORTHSIDE_OWNER);
    assert.notEqual(northsideId, ctx.clinicId);
    const own = await readClinicData(page.request, ctx.frontendUrl, northsideId);
    assert.ok(own.titles.length > 0, 'Northside has its own knowledge base');
    // A random simulated caller can be a patient of both clinics; only what Northside lacks is a leak.
    const forbidden = [...DEMO_CLINIC_FACTS, ...demo.titles, ...demo.strings.filter((value) => !own.strings.includes(value))];

    const missing: string[] = [];
    for (const segment of CLINIC_PAGES) {
      const path = `/clinics/${northsideId}${segment ? `/${segment}` : ''}`;
      const response = await page.goto(`${ctx.frontendUrl}${path}`);
      const text = await pageText(page);
      for (const value of forbidden) assert.ok(!text.includes(value), `${path} shows the demo clinic's "${value}"`);
      if (response?.status() === 404) {
        missing.push(path);
        continue;
      }
      assert.equal(response?.status(), 200, path);
      await page.getByRole('banner').getByText('Northside Dental').first().waitFor();
      if (segment === 'knowledge') await page.getByText(own.titles[0]!).first().waitFor();
      if (segment === '') {
        await page.getByRole('list', { name: 'Today' }).waitFor();
        await ctx.screenshot('isolation-northside-overview', page);
      }
    }
    if (missing.length > 0) console.warn(`isolation: not built yet, checked the not-found page only: ${missing.join(', ')}`);

    for (const segment of ['', 'calls', 'knowledge']) {
      const response = await page.goto(ctx.clinicUrl(segment));
      assert.equal(response?.status(), 404, `the demo clinic's ${segment || 'overview'} page is not found for Northside`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      const text = await pageText(page);
      for (const value of forbidden) assert.ok(!text.includes(value), `the not-found page shows "${value}"`);
    }
    await ctx.screenshot('isolation-demo-clinic-not-found', page);

    for (const resource of ['calls', 'kb/documents', 'patients', 'stats?range=7d', 'messages', 'escalations', 'agent']) {
      const response = await page.request.get(`${ctx.frontendUrl}/api/backend/clinics/${ctx.clinicId}/${resource}`);
      assert.equal(response.status(), 404, `GET /api/backend/clinics/<demo>/${resource} as Northside`);
      const body = await response.text();
      for (const value of forbidden) assert.ok(!body.includes(value), `the 404 for ${resource} carries "${value}"`);
    }
    const ownCalls = await page.request.get(`${ctx.frontendUrl}/api/backend/clinics/${northsideId}/calls`);
    assert.equal(ownCalls.status(), 200, "Northside's own calls are readable");
  } finally {
    await context.close();
  }
};
