import assert from 'node:assert/strict';
import type { Flow } from '../support/flow';

// Every simulated FAQ call opens with this line (backend/src/simulator/vapi-dialogues.ts).
const FAQ_PHRASE = 'quick question';

type CallPage = { items: Array<{ id: string; outcome: string | null }> };

/**
 * Calls: a simulated FAQ call is found by searching its transcript, opened, its transcript
 * searched; then the list is filtered by outcome, and the URL keeps the filters across a reload.
 */
export const callsFlow: Flow = async (ctx) => {
  const { page } = ctx;
  await ctx.simulateCall('faq');

  // The newest FAQ call is the one just played: ask the API (through the dashboard's proxy) for its id.
  const reply = await page.request.get(`${ctx.frontendUrl}/api/backend/clinics/${ctx.clinicId}/calls?q=${encodeURIComponent(FAQ_PHRASE)}&limit=1`);
  assert.equal(reply.status(), 200);
  const newest = ((await reply.json()) as CallPage).items[0];
  assert.ok(newest, 'the simulated FAQ call is listed');

  await page.goto(ctx.clinicUrl('calls'));
  await page.getByRole('heading', { name: 'Calls', level: 1 }).waitFor();
  await page.locator('[data-ready="true"]').waitFor();
  await page.getByRole('table').waitFor();

  const search = page.getByLabel('Search transcripts');
  await search.fill(FAQ_PHRASE);
  await page.waitForURL((url) => url.searchParams.get('q') === FAQ_PHRASE);
  await page.getByRole('status').filter({ hasText: `matching “${FAQ_PHRASE}”` }).waitFor();
  const row = page.locator(`a[href^="/clinics/${ctx.clinicId}/calls/${newest.id}"]`);
  await row.waitFor();
  await ctx.screenshot('calls-list-search');

  await row.click();
  await page.waitForURL(new RegExp(`/calls/${newest.id}`));
  await page.getByRole('heading', { name: 'Transcript' }).waitFor();
  const conversation = page.getByRole('list', { name: 'Conversation' });
  await conversation.getByText(/quick question/i).first().waitFor();
  assert.ok((await conversation.getByRole('listitem').count()) >= 4, 'the transcript shows every turn');

  // The list's search carries over; searching again inside the transcript highlights and counts.
  const find = page.getByRole('searchbox', { name: 'Find in transcript' });
  await find.fill('');
  await conversation.locator('mark').first().waitFor({ state: 'detached' });
  await find.fill('Quick Question');
  await page.locator('#transcript-find-count').filter({ hasText: /^1 of 1 match$/ }).waitFor();
  const marks = conversation.locator('mark');
  assert.equal(await marks.count(), 1);
  assert.equal((await marks.first().textContent())?.toLowerCase(), FAQ_PHRASE);
  await find.fill('the');
  await page.locator('#transcript-find-count').filter({ hasText: /^1 of \d+ matches$/ }).waitFor();
  await find.press('Enter');
  await page.locator('#transcript-find-count').filter({ hasText: /^2 of \d+ matches$/ }).waitFor();
  await find.fill(FAQ_PHRASE);
  await page.getByText('Answered', { exact: true }).first().waitFor();
  await page.getByText(/No recording is available|Download the recording/).or(page.locator('audio')).first().waitFor();
  await ctx.screenshot('calls-detail');

  // Filter by outcome: only emergency calls, kept in the URL across a reload.
  await page.getByRole('link', { name: '← All calls' }).click();
  await page.waitForURL((url) => url.pathname.endsWith('/calls') && url.search === '');
  await page.locator('[data-ready="true"]').waitFor();
  await page.getByText('Emergency', { exact: true }).and(page.locator('label span')).click();
  await page.waitForURL((url) => url.searchParams.get('outcome') === 'emergency');
  await page.getByRole('status').filter({ hasText: /^Showing \d+ calls?/ }).waitFor();
  const badges = await page.locator('tbody td:nth-child(4) .badge:first-child').allTextContents();
  assert.ok(badges.every((text) => text === 'Emergency'), `only emergency calls are listed, got ${badges.join(', ')}`);
  await page.reload();
  await page.locator('[data-ready="true"]').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Emergency' }).isChecked(), true);
  await ctx.screenshot('calls-list-outcome');

  // A date range that ends before it starts is refused with a message, not sent.
  await page.getByLabel('From').fill('2026-12-02');
  await page.getByLabel('To').fill('2026-12-01');
  await page.getByRole('alert').filter({ hasText: 'on or before' }).waitFor();

  // Back in history returns to the unfiltered list.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((url) => url.search === '');
  await page.getByRole('status').filter({ hasText: /^Showing \d+ calls?/ }).waitFor();

  // A phone-sized screen, and a call that does not exist.
  await page.setViewportSize({ width: 375, height: 800 });
  await ctx.screenshot('calls-list-phone');
  await page.goto(ctx.clinicUrl(`calls/${newest.id}`));
  await page.getByRole('heading', { name: 'Transcript' }).waitFor();
  await ctx.screenshot('calls-detail-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(ctx.clinicUrl('calls/00000000-0000-4000-8000-000000000000'));
  await page.getByRole('heading', { name: 'Call not found' }).waitFor();
};
