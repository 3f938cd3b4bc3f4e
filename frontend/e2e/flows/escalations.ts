import assert from 'node:assert/strict';
import { DEMO_STAFF, signIn, type Flow } from '../support/flow';

/**
 * An emergency call lands at the top of the escalation queue, with the caller's number to ring
 * back; staff acknowledge it (kept after a reload) and then resolve it.
 */
export const escalationsFlow: Flow = async (ctx) => {
  const { page } = ctx;
  const suffix = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const caller = `+447700900${suffix}`;
  await ctx.simulateCall('emergency', { caller });

  await page.goto(ctx.clinicUrl('escalations'));
  await page.getByRole('heading', { name: 'Escalations', level: 1 }).waitFor();
  const queue = page.getByRole('list', { name: 'Escalation queue' });
  const first = queue.getByRole('article').first();
  await first.waitFor();
  assert.equal(await first.getByRole('heading', { level: 2 }).textContent(), 'Emergency');
  const callBack = first.getByRole('link', { name: new RegExp(`900${suffix}`) });
  assert.equal(await callBack.getAttribute('href'), `tel:${caller}`);
  const id = await first.getAttribute('data-escalation-id');
  assert.ok(id);
  const card = page.locator(`[data-escalation-id="${id}"]`);
  const callLink = card.getByRole('link', { name: 'View call and transcript' });
  assert.match((await callLink.getAttribute('href')) ?? '', new RegExp(`^/clinics/${ctx.clinicId}/calls/[0-9a-f-]{36}$`));
  await card.locator('[data-status="open"]').waitFor();
  await ctx.screenshot('escalations-queue');

  // A refused update rolls back and says why.
  await page.route(`**/api/backend/clinics/${ctx.clinicId}/escalations/${id}`, async (route) => {
    if (route.request().method() !== 'PATCH') return route.fallback();
    await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UPSTREAM_FAILED', message: 'The server is busy' } }) });
  });
  await card.getByRole('button', { name: 'Acknowledge' }).click();
  await card.getByRole('alert').filter({ hasText: 'The server is busy' }).waitFor();
  await card.locator('[data-status="open"]').waitFor();
  await ctx.screenshot('escalations-update-failed');
  await page.unrouteAll();
  await card.getByRole('button', { name: 'Dismiss' }).click();

  const acknowledged = page.waitForResponse((response) => response.url().endsWith(`/escalations/${id}`) && response.request().method() === 'PATCH');
  await card.getByRole('button', { name: 'Acknowledge' }).click();
  await card.locator('[data-status="acknowledged"]').waitFor();
  assert.equal((await acknowledged).status(), 200);
  await page.getByText('Escalation acknowledged.').waitFor({ state: 'attached' });
  await ctx.screenshot('escalations-acknowledged');

  await page.reload();
  await card.locator('[data-status="acknowledged"]').waitFor();
  assert.equal(await card.getByRole('button', { name: 'Acknowledge' }).count(), 0);

  // Staff cannot list members, so they take an escalation themselves; the owner sees who has it.
  const staff = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const staffPage = await staff.newPage();
    await signIn(staffPage, ctx.frontendUrl, DEMO_STAFF);
    await staffPage.goto(ctx.clinicUrl('escalations'));
    const staffCard = staffPage.locator(`[data-escalation-id="${id}"]`);
    await staffCard.getByRole('button', { name: 'Assign to me' }).click();
    await staffCard.getByText('Assigned to you').waitFor();
    await staffCard.getByRole('button', { name: 'Unassign me' }).waitFor();
    await staffPage.locator(`[data-escalation-id="${id}"]:not([aria-busy])`).waitFor();
    await ctx.screenshot('escalations-staff', staffPage);
  } finally {
    await staff.close();
  }
  await page.reload();
  const assignee = card.getByLabel('Assignee');
  await card.getByText(/Assigned to (?!you)/).waitFor();
  const chosen = await assignee.inputValue();
  assert.notEqual(chosen, '');
  assert.doesNotMatch((await assignee.locator(`option[value="${chosen}"]`).textContent()) ?? '', /\(you\)/);

  await card.getByRole('button', { name: 'Resolve' }).click();
  await card.waitFor({ state: 'detached' });

  await page.getByRole('link', { name: 'Resolved' }).click();
  await page.waitForURL(/status=resolved/);
  await card.locator('[data-status="resolved"]').waitFor();
  assert.equal(await card.getByRole('button', { name: 'Resolve' }).count(), 0);
  await ctx.screenshot('escalations-resolved');

  const phone = await ctx.browser.newContext({ viewport: { width: 375, height: 740 }, storageState: await page.context().storageState() });
  try {
    const mobile = await phone.newPage();
    await mobile.goto(ctx.clinicUrl('escalations?status=all'));
    await mobile.getByRole('list', { name: 'Escalation queue' }).getByRole('article').first().waitFor();
    await ctx.screenshot('escalations-phone', mobile);
  } finally {
    await phone.close();
  }
};
