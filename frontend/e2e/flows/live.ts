import assert from 'node:assert/strict';
import type { Locator, Page, WebSocket } from 'playwright-core';
import { DEMO_OWNER, type Flow, type FlowContext } from '../support/flow';

/**
 * The Live calls page and the emergency banner, against real simulated calls: a card streams the
 * transcript and moves to "Recently ended"; an emergency raises the banner with the caller's number
 * on every page until acknowledged; a dropped connection catches up from the replay with every
 * transcript line exactly once.
 */

type StoredCall = { transcript: Array<{ seq: number; role: string; text: string }>; escalations: Array<{ id: string; kind: string; status: string }> };

/** A caller of our own in Ofcom's drama range, so this flow finds its call among any others. */
function uniqueCaller(): string {
  return `+447700900${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

function cardOf(page: Page, caller: string): Locator {
  return page.locator('article[data-call-id]', { hasText: `••${caller.slice(-4)}` });
}

async function callIdOf(card: Locator): Promise<string> {
  const callId = await card.getAttribute('data-call-id');
  assert.ok(callId, 'the card names its call');
  return callId;
}

/** The backend's own record of a call, read with the demo owner's token (not through the page). */
async function backendReader(ctx: FlowContext): Promise<(callId: string) => Promise<StoredCall>> {
  const login = await fetch(`${ctx.backendUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  const { token } = (await login.json()) as { token: string };
  return async (callId) => {
    const response = await fetch(`${ctx.backendUrl}/api/v1/clinics/${ctx.clinicId}/calls/${callId}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as StoredCall;
  };
}

type SocketLog = { url: URL; ids: number[] };

/** Every `/ws` socket the page opens, with the event ids it received, to check the replay itself. */
function recordSockets(page: Page): SocketLog[] {
  const sockets: SocketLog[] = [];
  page.on('websocket', (socket: WebSocket) => {
    const url = new URL(socket.url());
    if (url.pathname !== '/ws') return;
    const log: SocketLog = { url, ids: [] };
    sockets.push(log);
    socket.on('framereceived', ({ payload }) => {
      const id = (JSON.parse(String(payload)) as { id?: unknown }).id;
      if (typeof id === 'number') log.ids.push(id);
    });
  });
  return sockets;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function streamedCall(ctx: FlowContext): Promise<void> {
  const { page } = ctx;
  const caller = uniqueCaller();
  // Slower than the others: this call is read, scrolled and screenshotted while it runs.
  const call = ctx.simulateCall('booking', { speed: 2, caller });
  const card = cardOf(page, caller);
  await card.waitFor({ timeout: 20_000 });
  const callId = await callIdOf(card);

  // A partial line, then the same utterance finalised with at least the words the partial had.
  let seen: { seq: string; text: string } | undefined;
  await waitFor(async () => {
    const partials = await card.locator('li[data-final="false"]').evaluateAll((items) =>
      items.map((item) => ({ seq: item.getAttribute('data-seq') ?? '', text: (item.lastElementChild?.textContent ?? '').trim() })),
    );
    seen = partials.find((line) => line.text !== '');
    return seen !== undefined;
  }, 'a partial line');
  const { seq, text: partialText } = seen!;
  const finalLine = card.locator(`li[data-final="true"][data-seq="${seq}"]`);
  await finalLine.waitFor();
  await waitFor(async () => (await finalLine.innerText()).includes(partialText), 'the final text to contain the partial');
  // Scrolled up to re-read, the reader stays put; new lines are offered, not forced on them.
  const log = card.getByRole('log');
  await waitFor(async () => log.evaluate((box) => box.scrollHeight > box.clientHeight + 40), 'the transcript to overflow');
  await log.evaluate((box) => box.scrollTo({ top: 0 }));
  const jump = card.getByRole('button', { name: 'New lines below ↓' });
  await jump.waitFor();
  assert.equal(await log.evaluate((box) => box.scrollTop), 0, 'the transcript did not steal the scroll');
  await jump.click();
  await waitFor(async () => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight <= 32), 'the jump to the latest line');
  await waitFor(async () => (await card.locator('li[data-final="true"]').count()) >= 3, 'the transcript to grow');
  await card.getByRole('list', { name: 'Actions taken' }).waitFor();
  const duration = card.getByLabel('Duration');
  const before = await duration.innerText();
  await waitFor(async () => (await duration.innerText()) !== before, 'the duration to tick');
  await ctx.screenshot('live-call-in-progress');

  await call;
  const ended = page.locator(`section[aria-labelledby="recently-ended-heading"] li[data-call-id="${callId}"]`);
  await ended.waitFor();
  assert.equal(await page.locator(`article[data-call-id="${callId}"]`).count(), 0, 'the card left "In progress"');
  const link = ended.getByRole('link').first();
  assert.equal(await link.getAttribute('href'), `/clinics/${ctx.clinicId}/calls/${callId}`);
  await ended.getByText('Booked', { exact: true }).waitFor();
  await ctx.screenshot('live-call-ended');
}

async function emergencyBanner(ctx: FlowContext, readCall: (callId: string) => Promise<StoredCall>): Promise<void> {
  const { page } = ctx;
  const caller = uniqueCaller();
  const call = ctx.simulateCall('emergency', { speed: 3, caller });
  const phoneLink = page.getByRole('link', { name: `Call back ${caller}` });
  const banner = page.getByRole('alert').filter({ has: phoneLink });
  await banner.waitFor({ timeout: 20_000 });
  assert.equal(await phoneLink.getAttribute('href'), `tel:${caller}`);
  const callLink = banner.getByRole('link', { name: 'Open the call' });
  const callId = (await callLink.getAttribute('href'))?.split('/').pop();
  assert.ok(callId, 'the banner links to its call');
  await ctx.screenshot('live-emergency-banner');
  await page.setViewportSize({ width: 375, height: 800 });
  await ctx.screenshot('live-emergency-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await call;

  // The banner follows staff to every clinic page until someone acknowledges it.
  await page.getByRole('navigation', { name: 'Clinic sections' }).getByRole('link', { name: 'Overview' }).click();
  await page.waitForURL(ctx.clinicUrl());
  await banner.waitFor();
  await ctx.screenshot('live-emergency-banner-overview');
  await banner.getByRole('button', { name: 'Acknowledge' }).click();
  await banner.waitFor({ state: 'detached' });
  const stored = await readCall(callId);
  const emergency = stored.escalations.find((escalation) => escalation.kind === 'emergency');
  assert.equal(emergency?.status, 'acknowledged', 'the emergency escalation was acknowledged');
  await page.goto(ctx.clinicUrl('live'));
}

async function reconnectWithReplay(ctx: FlowContext, readCall: (callId: string) => Promise<StoredCall>, sockets: SocketLog[]): Promise<void> {
  const { page } = ctx;
  const pill = page.getByRole('status').filter({ hasText: 'Live updates:' });
  await pill.and(page.locator('[data-state="live"]')).waitFor();
  const caller = uniqueCaller();
  const call = ctx.simulateCall('booking', { speed: 3, caller });
  const card = cardOf(page, caller);
  await card.waitFor({ timeout: 20_000 });
  const callId = await callIdOf(card);
  await card.locator('li[data-final="true"]').first().waitFor();

  const finalsBefore = (await readCall(callId)).transcript.length;
  await page.context().setOffline(true);
  await pill.and(page.locator('[data-state="offline"]')).waitFor();
  const socketsBefore = sockets.length;
  const lastIdSeen = Math.max(...sockets.flatMap((socket) => socket.ids));
  await ctx.screenshot('live-offline');
  // Words keep being said while this tab is away.
  await waitFor(async () => (await readCall(callId)).transcript.length >= finalsBefore + 2, 'the call to go on while offline');
  await page.context().setOffline(false);
  await pill.and(page.locator('[data-state="live"]')).waitFor();
  // The new socket asks for everything after the last event this tab saw and gets exactly that next.
  await waitFor(async () => sockets.length > socketsBefore && (sockets.at(-1)?.ids.length ?? 0) > 0, 'the replay to start');
  const replaying = sockets.at(-1)!;
  assert.equal(replaying.url.searchParams.get('after'), String(lastIdSeen));
  assert.ok(replaying.url.searchParams.get('ticket'), 'a fresh ticket');
  assert.equal(replaying.ids[0], lastIdSeen + 1, 'the replay starts right after the last event seen');

  await call;
  const ended = page.locator(`section[aria-labelledby="recently-ended-heading"] li[data-call-id="${callId}"]`);
  await ended.waitFor();
  await ended.locator('summary').click();
  const stored = (await readCall(callId)).transcript;
  const shown = await ended.locator('details li').evaluateAll((items) =>
    items.map((item) => ({ seq: Number(item.getAttribute('data-seq')), text: item.lastElementChild?.textContent ?? '' })),
  );
  // Compared as JSON: the two sides come from different realms (page, fetch) under jest.
  assert.equal(
    JSON.stringify(shown),
    JSON.stringify(stored.map(({ seq, text }) => ({ seq, text }))),
    'every line once, in order, after the reconnect',
  );
}

export const liveFlow: Flow = async (ctx) => {
  const { page } = ctx;
  const readCall = await backendReader(ctx);
  const sockets = recordSockets(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // The backend failing shows an error with a retry that recovers.
  const liveList = '**/api/backend/clinics/*/calls?status=live*';
  await page.route(liveList, (route) => route.fulfill({ status: 503, json: { error: { code: 'UNAVAILABLE', message: 'The service is busy; try again.' } } }));
  await page.goto(ctx.clinicUrl('live'));
  await page.getByRole('alert').filter({ hasText: 'The service is busy; try again.' }).waitFor();
  await ctx.screenshot('live-error');
  await page.unroute(liveList);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Live calls' }).waitFor();
  await page.locator('[data-state="live"]').waitFor();
  await page.getByRole('heading', { name: /In progress/ }).waitFor();
  await ctx.screenshot('live-page');

  // Sound is opt-in (browsers block audio until a click) and remembered.
  const sound = page.getByRole('main').getByRole('button', { name: 'Enable alert sound' }).last();
  await sound.click();
  const soundOn = page.getByRole('button', { name: /^Alert sound/ }).last();
  assert.equal(await soundOn.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => localStorage.getItem('voxanne.alertSound')), 'on');

  await streamedCall(ctx);
  await emergencyBanner(ctx, readCall);
  await reconnectWithReplay(ctx, readCall, sockets);

  // A phone-width view of the page.
  await page.setViewportSize({ width: 375, height: 800 });
  await ctx.screenshot('live-phone');
  assert.deepEqual(pageErrors, [], 'no script errors on the page');
};
