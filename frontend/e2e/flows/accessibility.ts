import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Flow } from '../support/flow';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SECTIONS = ['', 'live', 'calls', 'appointments', 'messages', 'escalations', 'knowledge', 'agent'];
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  });
  return violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
}

function describe(violations: AxeViolation[]): string {
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`).join('\n');
}

/** axe-core over every page of the dashboard, desktop and phone width: no serious or critical issue. */
export const accessibilityFlow: Flow = async (ctx) => {
  const problems: string[] = [];
  for (const width of [1280, 375]) {
    await ctx.page.setViewportSize({ width, height: 800 });
    for (const section of SECTIONS) {
      await ctx.page.goto(ctx.clinicUrl(section));
      await ctx.page.locator('main h1').first().waitFor();
      // Check the page as people read it: after its data arrived, not its skeleton.
      await ctx.page.waitForFunction(() => document.querySelectorAll('.state-loading').length === 0);
      const violations = await seriousViolations(ctx.page);
      if (violations.length > 0) problems.push(`/${section} at ${width}px:\n${describe(violations)}`);
    }
  }
  const signedOut = await ctx.browser.newContext();
  try {
    const page = await signedOut.newPage();
    await page.goto(ctx.frontendUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const violations = await seriousViolations(page);
    if (violations.length > 0) problems.push(`sign-in page:\n${describe(violations)}`);
  } finally {
    await signedOut.close();
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
};
