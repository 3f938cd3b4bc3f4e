/**
 * The dashboard in a real browser: Debian's Chromium (playwright-core) against a real backend and
 * a production build of the dashboard. Each flow in `e2e/flows` is one test. Screenshots land in
 * `test-output/screenshots/`. Without Chromium these tests are skipped, and say so.
 */
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { FLOWS } from './flows';
import { CHROMIUM_PATH, createFlowContext, hasChromium, launchChromium, saveScreenshot } from './support/flow';
import { startStack, type Stack } from './support/stack';

const FLOW_TIMEOUT_MS = 180_000;
const SETUP_TIMEOUT_MS = 300_000;

process.env.E2E_SCREENSHOT_DIR ??= path.join(__dirname, '..', 'test-output', 'screenshots');

const chromiumPresent = hasChromium();
if (!chromiumPresent) {
  console.warn(`Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium).`);
}

(chromiumPresent ? describe : describe.skip)('dashboard in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 30_000);

  it.each(FLOWS)(
    '%s',
    async (name, flow) => {
      const context = await createFlowContext(browser, stack.frontendUrl, stack.backendUrl);
      try {
        await flow(context);
      } catch (error) {
        await saveScreenshot(context.page, `failure-${name}`).catch(() => undefined);
        throw error;
      } finally {
        await context.page.close();
      }
    },
    FLOW_TIMEOUT_MS,
  );
});
