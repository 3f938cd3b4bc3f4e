import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Flow } from '../support/flow';

/** The number a headline card shows: its second line ("Calls today / 3 / 2 answered"). */
async function cardValue(cards: Locator, label: string | RegExp): Promise<string> {
  const card = cards.getByRole('listitem').filter({ hasText: label });
  const lines = (await card.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
  return lines[1] ?? '';
}

/** Today's cards and the week/month charts of the demo clinic, on a laptop and on a phone. */
export const overviewFlow: Flow = async (ctx) => {
  const { page } = ctx;
  await ctx.simulateCall('booking');

  await page.goto(ctx.clinicUrl());
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  const cards = page.getByRole('list', { name: 'Today' });
  await cards.waitFor();

  assert.ok(Number(await cardValue(cards, 'Calls today')) >= 1, 'the call just made counts today');
  assert.ok(Number(await cardValue(cards, 'Bookings today')) >= 1, 'its booking counts today');
  assert.match(await cardValue(cards, /Answer rate, 7 days/), /^\d{1,3}%$/);
  assert.match(await cardValue(cards, 'Open escalations'), /^\d+$/);
  assert.match(await cardValue(cards, 'Live calls now'), /^\d+$/);

  const escalations = cards.getByRole('link', { name: /Open escalations/ });
  assert.equal(await escalations.getAttribute('href'), `/clinics/${ctx.clinicId}/escalations`);
  assert.equal(await cards.getByRole('link', { name: /Live calls now/ }).getAttribute('href'), `/clinics/${ctx.clinicId}/live`);

  const range = page.getByRole('group', { name: 'Chart range' });
  assert.equal(await range.getByRole('link', { name: '7 days' }).getAttribute('aria-current'), 'page');
  const callsChart = page.getByRole('img', { name: /^Calls and answered\./ });
  assert.match((await callsChart.getAttribute('aria-label')) ?? '', /: [1-9]\d* calls, \d+ answered\./);
  await page.getByRole('img', { name: /^Bookings and escalations\./ }).waitFor();
  await page.getByRole('img', { name: /^Text messages\./ }).waitFor();

  const callsCard = page.getByRole('region', { name: 'Calls and answered' });
  await callsCard.getByText('Show as a table').click();
  const weekTable = callsCard.getByRole('table', { name: 'Calls and answered, by day' });
  await weekTable.waitFor();
  assert.equal(await weekTable.locator('tbody tr').count(), 7);
  await ctx.screenshot('overview-7d');

  await range.getByRole('link', { name: '30 days' }).click();
  await page.waitForURL(/[?&]range=30d$/);
  await page.getByText(/Answer rate, 30 days/).waitFor();
  assert.equal(await range.getByRole('link', { name: '30 days' }).getAttribute('aria-current'), 'page');
  assert.equal(await page.getByRole('table', { name: 'Calls and answered, by day', includeHidden: true }).locator('tbody tr').count(), 30);
  await ctx.screenshot('overview-30d');

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await page.getByRole('img', { name: /^Calls and answered\./ }).waitFor();
  const overflowPx = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflowPx <= 0, `no sideways scrolling at 375 px (overflow ${overflowPx} px)`);
  await ctx.screenshot('overview-30d-375');

  await range.getByRole('link', { name: '7 days' }).click();
  await page.waitForURL((url) => !url.search.includes('range='));
  await page.getByText(/Answer rate, 7 days/).waitFor();
  await ctx.screenshot('overview-7d-375');
};
