/**
 * Browser check of the dashboard against a running stack (not part of `npm test`):
 *   npm run e2e --workspace frontend
 * FRONTEND_URL (default http://localhost:3000), E2E_EMAIL / E2E_PASSWORD (default: demo owner).
 * Screenshots land in e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const frontendUrl = process.env.FRONTEND_URL ?? 'http://localhost:3000';
const email = process.env.E2E_EMAIL ?? 'owner@demo.clinic';
const password = process.env.E2E_PASSWORD ?? 'demo-owner-pass';
const screenshotDir = path.join(__dirname, 'screenshots');
const SESSION_COOKIE_NAME = 'voxanne_session';
const TIMEOUT_MS = 10_000;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Check failed: ${message}`);
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

async function statusOf(page: Page, label: string): Promise<string> {
  const row = page.locator('.status-row', { has: page.locator('dt', { hasText: label }) });
  return ((await row.locator('.status-badge').textContent()) ?? '').trim();
}

async function checkHealthPanel(page: Page) {
  await page.goto(frontendUrl);
  await page.getByRole('heading', { name: 'System status' }).waitFor();
  const backendStatus = await statusOf(page, 'Backend API');
  const databaseStatus = await statusOf(page, 'Database');
  assert(backendStatus === 'Up', `backend should be Up, panel says "${backendStatus}"`);
  assert(databaseStatus === 'Ready', `database should be Ready, panel says "${databaseStatus}"`);
  await screenshot(page, '01-signed-out');
}

async function submitLogin(page: Page, loginPassword: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(loginPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function checkWrongPasswordIsRefused(page: Page) {
  await submitLogin(page, `${password}-wrong`);
  // Next adds its own empty role=alert route announcer, so target the form's message.
  const alert = page.locator('#login-error');
  await alert.waitFor();
  const message = (await alert.textContent()) ?? '';
  assert(message.includes('Invalid email or password'), `expected the backend's error, got "${message}"`);
  assert((await page.getByLabel('Email').inputValue()) === email, 'the email should stay filled in');
  await screenshot(page, '02-wrong-password');
}

async function checkSignIn(page: Page) {
  await submitLogin(page, password);
  await page.getByText('Signed in as').waitFor();
  const summary = (await page.locator('.signed-in-as').textContent()) ?? '';
  assert(summary.includes(`(${email})`), `expected "Signed in as <name> (${email})", got "${summary}"`);

  const sessionCookie = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE_NAME);
  assert(sessionCookie?.httpOnly, 'the session cookie should be httpOnly');
  assert(sessionCookie.sameSite === 'Lax', `the session cookie should be SameSite=Lax, is ${sessionCookie.sameSite}`);
  const visibleToScripts = await page.evaluate(() => document.cookie);
  assert(!visibleToScripts.includes(SESSION_COOKIE_NAME), 'the token must not be readable by JavaScript');
  assert(!(await page.content()).includes(sessionCookie.value), 'the token must not appear in the HTML');
  await screenshot(page, '03-signed-in');
}

async function checkSignOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const cookies = await page.context().cookies();
  assert(!cookies.some((cookie) => cookie.name === SESSION_COOKIE_NAME), 'signing out should clear the cookie');
}

async function checkWithoutJavaScript(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(frontendUrl);
  await submitLogin(page, `${password}-wrong`);
  await page.locator('#login-error').waitFor();
  assert((await page.getByLabel('Email').inputValue()) === email, 'without JavaScript the email should stay filled in');
  await submitLogin(page, password);
  await page.getByText('Signed in as').waitFor();
  await context.close();
}

async function checkSmallScreen(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(frontendUrl);
  await page.getByRole('heading', { name: 'System status' }).waitFor();
  await screenshot(page, '04-small-screen');
  await context.close();
}

async function main() {
  mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(TIMEOUT_MS);
  const steps: Array<[string, () => Promise<void>]> = [
    ['health panel shows backend up and database ready', () => checkHealthPanel(page)],
    ['wrong password shows the error and keeps the email', () => checkWrongPasswordIsRefused(page)],
    ['sign-in shows "Signed in as" with an httpOnly cookie', () => checkSignIn(page)],
    ['sign-out clears the session', () => checkSignOut(page)],
    ['sign-in works without JavaScript', () => checkWithoutJavaScript(browser)],
    ['small screen renders', () => checkSmallScreen(browser)],
  ];
  try {
    for (const [name, run] of steps) {
      await run();
      console.log(`ok - ${name}`);
    }
  } catch (error) {
    await screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
