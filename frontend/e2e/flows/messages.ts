import assert from 'node:assert/strict';
import type { Flow } from '../support/flow';
import { sendPatientText } from '../support/patient-sms';

/**
 * Staff text a patient from the Messages page: a booking call makes the patient (and Voxanne's
 * automated confirmation), a typo in "New message" is caught, then a staff text shows up queued
 * at once and moves on to sent through the embedded local outbox.
 */
export const messagesFlow: Flow = async (ctx) => {
  const { page } = ctx;
  const national = `07700 900${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const e164 = `+44${national.replace(/\s/g, '').slice(1)}`;
  await ctx.simulateCall('booking', { caller: e164 });

  await page.goto(ctx.clinicUrl('messages'));
  await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
  const conversations = page.getByRole('region', { name: 'Conversations' });
  const threadLink = conversations.getByRole('link').filter({ hasText: '7700' }).first();
  await threadLink.waitFor();
  await ctx.screenshot('messages-threads');

  await page.getByRole('button', { name: 'New message' }).click();
  const to = page.getByLabel('To (phone number or patient name)');
  await to.fill('07700 90');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: 'not a complete UK number' }).waitFor();
  await ctx.screenshot('messages-new-invalid');

  await to.fill(national);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.searchParams.get('phone') === e164);
  const log = page.getByRole('log');
  await log.getByText('you\'re booked for', { exact: false }).waitFor();
  await log.getByText('Automated · confirmation').waitFor();

  const body = `Hi, this is reception - see you soon! ${Date.now()}`;
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(body);
  await page.getByText(/characters · 1 segment/).waitFor();
  const posted = page.waitForResponse((response) => response.url().endsWith('/messages') && response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send' }).click();
  const response = await posted;
  assert.equal(response.status(), 201);
  const sent = (await response.json()) as { id: string; status: string; kind: string; from: string };
  assert.equal(sent.status, 'queued');
  assert.equal(sent.kind, 'staff');

  const bubble = page.locator(`[data-message-id="${sent.id}"]`);
  await bubble.getByText(body).waitFor();
  assert.match((await bubble.locator('[data-status]').textContent()) ?? '', /Queued|Sending|Sent/);
  assert.equal(await composer.inputValue(), '');
  await ctx.screenshot('messages-queued');
  await bubble.locator('[data-status="sent"], [data-status="delivered"]').waitFor({ timeout: 20_000 });
  await bubble.getByText('Staff').waitFor();
  await ctx.screenshot('messages-sent');

  // The thread survives a reload from the URL, and the list shows the staff reply as its latest.
  await page.reload();
  await page.locator(`[data-message-id="${sent.id}"]`).waitFor();
  await conversations.locator('a[aria-current="true"]').getByText('You:').waitFor();

  // A Unicode character shrinks segments to 70 characters.
  await page.getByRole('textbox', { name: 'Message' }).fill('Thank you 😊');
  await page.getByText(/makes this a Unicode text/).waitFor();

  // The patient answers, then replies STOP: the thread says so and the composer is closed.
  await sendPatientText(ctx.backendUrl, { from: e164, to: sent.from, body: 'Lovely, thank you' });
  await log.getByText('Lovely, thank you').waitFor();
  await sendPatientText(ctx.backendUrl, { from: e164, to: sent.from, body: 'STOP' });
  await page.getByText('This patient replied STOP.').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Send' }).isDisabled(), true);
  await ctx.screenshot('messages-opted-out');

  // States the API can put the page in: a refused send (opted out at the carrier), no messages, a failed load.
  const statesContext = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: await page.context().storageState() });
  const states = await statesContext.newPage();
  try {
    const stranger = `+447700901${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    await states.route('**/api/backend/clinics/*/messages', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'OPTED_OUT', message: 'This number has opted out of texts' } }) })
        : route.fallback(),
    );
    await states.goto(`${ctx.clinicUrl('messages')}?phone=${encodeURIComponent(stranger)}`);
    await states.getByText('No messages with this number yet').waitFor();
    await states.getByRole('textbox', { name: 'Message' }).fill('Are you still coming on Friday?');
    await states.getByRole('button', { name: 'Send' }).click();
    await states.getByText('This patient replied STOP.').waitFor();
    assert.equal(await states.getByRole('textbox', { name: 'Message' }).isDisabled(), true);
    await states.unrouteAll();

    await states.route('**/api/backend/clinics/*/messages?limit=*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [], nextCursor: null }) }),
    );
    await states.goto(ctx.clinicUrl('messages'));
    await states.getByText('No messages yet').waitFor();
    await ctx.screenshot('messages-empty', states);
    await states.unrouteAll();

    await states.route('**/api/backend/clinics/*/messages?limit=*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UPSTREAM_FAILED', message: 'The messages service is not answering' } }) }),
    );
    await states.goto(ctx.clinicUrl('messages'));
    await states.getByRole('alert').filter({ hasText: 'The messages service is not answering' }).waitFor();
    await ctx.screenshot('messages-error', states);
    await states.unrouteAll();
    await states.getByRole('button', { name: 'Try again' }).click();
    await states.getByRole('region', { name: 'Conversations' }).getByRole('link').first().waitFor();
  } finally {
    await statesContext.close();
  }

  const phone = await ctx.browser.newContext({ viewport: { width: 375, height: 740 }, storageState: await page.context().storageState() });
  try {
    const mobile = await phone.newPage();
    await mobile.goto(ctx.clinicUrl('messages'));
    await mobile.getByRole('region', { name: 'Conversations' }).getByRole('link').first().waitFor();
    assert.equal(await mobile.getByRole('textbox', { name: 'Message' }).count(), 0, 'the list is its own screen on a phone');
    await ctx.screenshot('messages-phone-list', mobile);
    await mobile.getByRole('region', { name: 'Conversations' }).getByRole('link').filter({ hasText: '7700' }).first().click();
    await mobile.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.equal(await mobile.getByRole('region', { name: 'Conversations' }).isVisible(), false);
    await ctx.screenshot('messages-phone-thread', mobile);
    await mobile.getByRole('button', { name: '← Conversations' }).click();
    await mobile.getByRole('region', { name: 'Conversations' }).waitFor();
  } finally {
    await phone.close();
  }
};
