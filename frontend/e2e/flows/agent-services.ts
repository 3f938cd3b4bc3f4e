import assert from 'node:assert/strict';
import type { BackendApi } from '../support/backend-api';
import { DEMO_OWNER, signIn, type FlowContext } from '../support/flow';

type Service = { id: string; name: string; priceMinor: number | null; isActive: boolean };

async function findService(backend: BackendApi, clinicId: string, name: string): Promise<Service | undefined> {
  const { items } = await backend<{ items: Service[] }>('GET', `/clinics/${clinicId}/services?includeInactive=true`);
  return items.find((service) => service.name === name);
}

/** The agent's answer in the Knowledge page's test panel (the engine as on a live turn, dry run). */
async function askPreview(page: FlowContext['page'], ctx: FlowContext, question: string): Promise<string> {
  await page.goto(ctx.clinicUrl('knowledge'));
  await page.getByRole('textbox', { name: 'Question', exact: true }).fill(question);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.getByText(/^Intent: /).waitFor({ timeout: 30_000 });
  return (await page.locator('blockquote').first().textContent())?.trim() ?? '';
}

/**
 * Services and prices on the Agent page: add a service (refused in the browser first), the same
 * name from a second tab refused by the backend on that row, a price change the agent preview
 * quotes, then retire it. Services are never deleted, so each run leaves its own service
 * retired (named per run): nothing it added is offered or bookable afterwards.
 */
export async function editServicesSteps(ctx: FlowContext, backend: BackendApi): Promise<void> {
  const { page } = ctx;
  const run = Date.now().toString(36);
  const name = `Flow peel ${run}`;
  try {
    await page.goto(ctx.clinicUrl('agent'));
    const section = page.getByRole('region', { name: 'Services and prices' });
    await section.getByRole('row').nth(1).waitFor();
    await section.scrollIntoViewIfNeeded();
    await ctx.screenshot('agent-services');

    // A second tab of the same owner, loaded now: it does not know what the first adds next.
    const other = await ctx.browser.newPage();
    await signIn(other, ctx.frontendUrl, DEMO_OWNER);
    await other.goto(ctx.clinicUrl('agent'));
    const otherSection = other.getByRole('region', { name: 'Services and prices' });
    await otherSection.getByRole('row').nth(1).waitFor();

    await section.getByRole('button', { name: 'Add service' }).click();
    const newName = section.getByLabel('Name of new service 1');
    assert.equal(await newName.evaluate((input) => input === document.activeElement), true, 'focus moves to the new row');
    await newName.fill(name);
    await section.getByLabel('Duration (minutes) of new service 1').fill('45');
    await section.getByLabel('Price (£) of new service 1').fill('12.345');
    await section.getByLabel('Deposit (£) of new service 1').fill('20');
    await section.getByRole('button', { name: 'Add new service 1' }).click();
    const priceError = section.getByText(/^Enter a price like 125/);
    await priceError.waitFor();
    assert.equal(await section.getByLabel('Price (£) of new service 1').getAttribute('aria-invalid'), 'true');
    await ctx.screenshot('agent-services-invalid');

    await section.getByLabel('Price (£) of new service 1').fill('125.50');
    await section.getByRole('button', { name: 'Add new service 1' }).click();
    await section.getByText('Added. The agent offers it from its next call.', { exact: true }).waitFor();
    const created = await findService(backend, ctx.clinicId, name);
    assert.ok(created?.isActive, 'the new service is offered');
    assert.equal(created.priceMinor, 12_550);

    // The same name added from a tab opened before: only the backend knows, and its 409 lands on that row's name.
    await otherSection.getByRole('button', { name: 'Add service' }).click();
    await otherSection.getByLabel('Name of new service 1').fill(name);
    await otherSection.getByLabel('Price (£) of new service 1').fill('10');
    await otherSection.getByRole('button', { name: 'Add new service 1' }).click();
    await otherSection.getByText('Is already used by another service of the clinic.', { exact: true }).waitFor();
    assert.equal(await otherSection.getByLabel('Name of new service 1').getAttribute('aria-invalid'), 'true');
    await ctx.screenshot('agent-services-duplicate', other);
    await other.close();

    const price = section.getByLabel(`Price (£) of ${name}`);
    await price.fill('139');
    await section.getByRole('button', { name: `Save ${name}` }).click();
    await section.getByText('Saved. The agent quotes it from its next call.', { exact: true }).waitFor();
    assert.equal((await findService(backend, ctx.clinicId, name))?.priceMinor, 13_900);
    await ctx.screenshot('agent-services-saved');

    const reply = await askPreview(page, ctx, `How much is the ${name}?`);
    assert.match(reply, /£139/, `the agent quotes the new price (got: ${reply})`);
    await ctx.screenshot('agent-services-preview');

    await page.goto(ctx.clinicUrl('agent'));
    await section.getByRole('button', { name: `Retire ${name}` }).click();
    await section.getByText('Retired: no longer offered or bookable.', { exact: true }).waitFor();
    await section.getByRole('button', { name: `Restore ${name}` }).waitFor();
    await ctx.screenshot('agent-services-retired');
    assert.equal((await findService(backend, ctx.clinicId, name))?.isActive, false);
    const afterRetire = await askPreview(page, ctx, `How much is the ${name}?`);
    assert.doesNotMatch(afterRetire, /£139/, 'a retired service is not quoted');
  } finally {
    const service = await findService(backend, ctx.clinicId, name);
    if (service?.isActive) await backend('PATCH', `/clinics/${ctx.clinicId}/services/${service.id}`, { isActive: false });
  }
}

