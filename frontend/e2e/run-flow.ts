/**
 * Runs browser flows against a running stack:
 *   npm run e2e --workspace frontend -- live calls     (no names: every flow)
 * FRONTEND_URL (default http://localhost:3000), BACKEND_URL (default http://localhost:3001).
 * Screenshots land in e2e/screenshots/.
 */
import { createFlowContext, hasChromium, launchChromium, CHROMIUM_PATH } from './support/flow';
import { FLOWS } from './flows';

async function main(): Promise<number> {
  if (!hasChromium()) {
    console.error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
    return 1;
  }
  const frontendUrl = process.env.FRONTEND_URL ?? 'http://localhost:3000';
  const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:3001';
  const names = process.argv.slice(2);
  const selected = names.length ? FLOWS.filter(([name]) => names.includes(name)) : FLOWS;
  if (selected.length === 0) {
    console.error(`No such flow; known: ${FLOWS.map(([name]) => name).join(', ')}`);
    return 2;
  }
  const browser = await launchChromium();
  let failures = 0;
  try {
    for (const [name, flow] of selected) {
      const context = await createFlowContext(browser, frontendUrl, backendUrl);
      try {
        await flow(context);
        console.log(`ok - ${name}`);
      } catch (error) {
        failures += 1;
        await context.screenshot(`failure-${name}`).catch(() => undefined);
        console.error(`not ok - ${name}\n${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        await context.page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return failures === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
