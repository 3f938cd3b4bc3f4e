import assert from 'node:assert/strict';
import { ownerBackendApi, type BackendApi } from '../support/backend-api';
import { DEMO_STAFF, signIn, type Flow } from '../support/flow';
import { editServicesSteps } from './agent-services';

type AgentSnapshot = {
  firstMessage: string | null;
  onCallNumber: string | null;
  openingHours: { weekday: number; opensAt: string; closesAt: string }[];
};

async function readAgent(backend: BackendApi, clinicId: string): Promise<AgentSnapshot> {
  const { firstMessage, onCallNumber, openingHours } = await backend<AgentSnapshot>('GET', `/clinics/${clinicId}/agent`);
  return { firstMessage, onCallNumber, openingHours };
}

/**
 * Agent settings: change the greeting and see it persist, the dirty-state warning, an invalid
 * on-call number refused in the browser and by the backend; everything is put back at the end.
 * Then the services and prices editor (agent-services.ts). Staff get the owners-only state.
 */
export const agentFlow: Flow = async (ctx) => {
  const { page } = ctx;
  const backend = await ownerBackendApi(ctx.backendUrl);
  const original = await readAgent(backend, ctx.clinicId);
  let isRestored = false;
  try {
    await page.goto(ctx.clinicUrl('agent'));
    const greeting = page.getByLabel('Greeting (first message)');
    await greeting.waitFor();
    assert.equal(await greeting.inputValue(), original.firstMessage ?? '');
    await page.getByText(/^(Not synced|Synced|Syncing|Sync failed)/).waitFor();
    await ctx.screenshot('agent-settings');

    const newGreeting = `Hello, you are through to Harley Street Aesthetics (flow ${Date.now().toString(36)}). How can I help?`;
    await greeting.fill(newGreeting);
    await page.getByText('You have unsaved changes.').waitFor();

    // Leaving with unsaved changes asks first; dismissing keeps the edits on the page.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    assert.match(page.url(), /\/agent$/);
    assert.equal(await greeting.inputValue(), newGreeting);

    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved at /).waitFor();
    await ctx.screenshot('agent-saved');

    await page.reload();
    await greeting.waitFor();
    assert.equal(await greeting.inputValue(), newGreeting, 'the greeting persisted');

    // Opening on Sunday: a closing time before the opening time is refused, then a valid period saves.
    const isOpenOnSunday = original.openingHours.some((entry) => entry.weekday === 7);
    if (!isOpenOnSunday) {
      await page.getByRole('button', { name: 'Open on Sunday' }).click();
      await page.getByLabel('Sunday period 1 opens').fill('10:00');
      await page.getByLabel('Sunday period 1 closes').fill('09:30');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Closing must be after opening.').waitFor();
      await page.getByLabel('Sunday period 1 closes').fill('14:00');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(/^Saved at /).waitFor();
      await page.reload();
      assert.equal(await page.getByLabel('Sunday period 1 closes').inputValue(), '14:00', 'Sunday hours persisted');
      await page.getByRole('button', { name: 'Remove Sunday 10:00–14:00' }).click();
    }

    const onCall = page.getByRole('textbox', { name: 'On-call number' });
    await onCall.fill('+12');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('This is not a phone number in international format').waitFor();
    assert.equal(await onCall.getAttribute('aria-invalid'), 'true');
    assert.equal(await onCall.evaluate((input) => input === document.activeElement), true, 'focus moves to the invalid field');
    await ctx.screenshot('agent-invalid-phone');

    // Well-formed but no such country code: the backend refuses it, and its detail lands on the field.
    await onCall.fill('+999 1234 5678');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Is not a phone number/).waitFor();
    assert.equal(await onCall.getAttribute('aria-invalid'), 'true');
    await ctx.screenshot('agent-invalid-phone-backend');

    await greeting.fill(original.firstMessage ?? '');
    await onCall.fill(original.onCallNumber ?? '');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved at /).waitFor();
    const restored = await readAgent(backend, ctx.clinicId);
    assert.deepEqual(restored, original, 'the original greeting, on-call number and hours are back');
    isRestored = true;
  } finally {
    if (!isRestored) await backend('PATCH', `/clinics/${ctx.clinicId}/agent`, original);
  }

  await editServicesSteps(ctx, backend);

  const staffPage = await ctx.browser.newPage({ viewport: { width: 375, height: 812 } });
  try {
    await signIn(staffPage, ctx.frontendUrl, DEMO_STAFF);
    await staffPage.goto(ctx.clinicUrl('agent'));
    await staffPage.getByText('Only owners can change the agent').waitFor();
    assert.equal(await staffPage.getByLabel('Greeting (first message)').count(), 0);
    await ctx.screenshot('agent-staff-phone', staffPage);
  } finally {
    await staffPage.close();
  }
};
