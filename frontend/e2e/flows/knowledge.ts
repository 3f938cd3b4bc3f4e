import assert from 'node:assert/strict';
import { ownerBackendApi } from '../support/backend-api';
import { DEMO_STAFF, signIn, type Flow } from '../support/flow';

/**
 * Knowledge base: upload a Markdown file with a made-up fact, wait for it to be ingested, ask the
 * test panel about it, edit it, delete it; a wrong file type is refused; staff see it read-only.
 */
export const knowledgeFlow: Flow = async (ctx) => {
  const { page } = ctx;
  const runId = Date.now().toString(36);
  const title = `Parking policy ${runId}`;
  const markdown = [
    `# ${title}`,
    '',
    'Patients may park free of charge in the Marzipelle courtyard garage behind the clinic.',
    'Show your appointment text to the Marzipelle attendant; spaces are held for two hours.',
  ].join('\n');

  try {
    await page.goto(ctx.clinicUrl('knowledge'));
    await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /^Documents \(\d+\)$/ }).waitFor();
    await ctx.screenshot('knowledge-list');

    const fileInput = page.getByLabel('Choose files');
    await fileInput.setInputFiles({ name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not supported') });
    await page.getByText('notes.docx is not a supported file type').waitFor();

    await fileInput.setInputFiles({ name: `parking-${runId}.md`, mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
    const uploaded = page.getByRole('listitem', { name: title, exact: true });
    await uploaded.waitFor();
    await uploaded.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('list', { name: 'Uploads' }).getByText('Uploaded', { exact: true }).waitFor();
    await ctx.screenshot('knowledge-uploaded');

    await page.getByRole('textbox', { name: 'Question', exact: true }).fill('Is parking free in the Marzipelle garage?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const passages = page.getByRole('list', { name: 'Retrieved passages' });
    await passages.waitFor({ timeout: 30_000 });
    const ownPassage = passages.getByRole('listitem').filter({ hasText: title });
    assert.ok((await ownPassage.count()) >= 1, 'the uploaded document is among the retrieved passages');
    const reply = (await page.locator('blockquote').first().textContent())?.trim() ?? '';
    assert.ok(reply.length > 0, 'the agent preview shows a reply');
    await page.getByText(/^Intent: /).waitFor();
    await ctx.screenshot('knowledge-test-panel');

    const updatedTitle = `${title} (updated)`;
    await page.getByRole('button', { name: `Edit ${title}`, exact: true }).click();
    const editor = page.getByRole('form', { name: `Edit “${title}”` });
    await editor.getByLabel('Title').fill('');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByText('Enter a title.').waitFor();
    await editor.getByLabel('Title').fill(updatedTitle);
    await editor.getByLabel('Content').fill(`${markdown}\nThe garage closes at 20:00.`);
    await ctx.screenshot('knowledge-editing');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    const updated = page.getByRole('listitem', { name: updatedTitle, exact: true });
    await updated.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });

    const deleteButton = updated.getByRole('button', { name: `Delete ${updatedTitle}` });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this document?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await deleteButton.evaluate((button) => button === document.activeElement), true, 'Escape closes and focus returns');
    await deleteButton.click();
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((button) => button === document.activeElement), true, 'focus starts on Cancel');
    await ctx.screenshot('knowledge-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete document' }).click();
    await updated.waitFor({ state: 'detached' });
    assert.equal(await dialog.isVisible(), false);
    await ctx.screenshot('knowledge-after-delete');

    const pastedTitle = `${title} pasted`;
    await page.getByRole('button', { name: 'New document' }).click();
    const newForm = page.getByRole('form', { name: 'New document' });
    await newForm.getByLabel('Title').fill(pastedTitle);
    await newForm.getByLabel('Content').fill('Bicycles can be locked to the Marzipelle railings by the entrance.');
    await ctx.screenshot('knowledge-new-document');
    await newForm.getByRole('button', { name: 'Add document' }).click();
    const pasted = page.getByRole('listitem', { name: pastedTitle, exact: true });
    await pasted.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
    await pasted.getByRole('button', { name: `Delete ${pastedTitle}` }).click();
    await dialog.getByRole('button', { name: 'Delete document' }).click();
    await pasted.waitFor({ state: 'detached' });
  } finally {
    // A run that failed half-way must not leave its document behind to be retrieved by the next.
    const backend = await ownerBackendApi(ctx.backendUrl);
    const { items } = await backend<{ items: { id: string; title: string }[] }>('GET', `/clinics/${ctx.clinicId}/kb/documents`);
    for (const document of items.filter((item) => item.title.startsWith(title))) {
      await backend('DELETE', `/clinics/${ctx.clinicId}/kb/documents/${document.id}`);
    }
  }

  const staffPage = await ctx.browser.newPage({ viewport: { width: 375, height: 812 } });
  try {
    await signIn(staffPage, ctx.frontendUrl, DEMO_STAFF);
    await staffPage.goto(ctx.clinicUrl('knowledge'));
    await staffPage.getByRole('heading', { name: /^Documents \(\d+\)$/ }).waitFor();
    await staffPage.getByRole('heading', { name: 'Test a question' }).waitFor();
    assert.equal(await staffPage.getByRole('button', { name: 'New document' }).count(), 0, 'staff cannot add documents');
    assert.equal(await staffPage.getByLabel('Choose files').count(), 0, 'staff cannot upload');
    assert.equal(await staffPage.getByRole('button', { name: /^Edit / }).count(), 0, 'staff cannot edit');
    await ctx.screenshot('knowledge-staff-phone', staffPage);
  } finally {
    await staffPage.close();
  }
};
