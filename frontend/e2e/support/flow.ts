/**
 * What every browser flow gets. A flow is one user journey through the dashboard, run against a real
 * backend and a production build of the dashboard in Debian's Chromium, by `npm test` (see
 * `dashboard.browser.test.ts`) or alone with `npm run e2e --workspace frontend -- <flow>`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Read when used, so a test runner can point it elsewhere after importing this module. */
export function screenshotDir(): string {
  return process.env.E2E_SCREENSHOT_DIR ?? path.join(__dirname, '..', 'screenshots');
}
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const DEMO_OWNER = { email: 'owner@demo.clinic', password: 'demo-owner-pass' };
export const DEMO_STAFF = { email: 'staff@demo.clinic', password: 'demo-staff-pass' };
export const NORTHSIDE_OWNER = { email: 'owner@northside.clinic', password: 'demo-owner-pass' };

export type FlowContext = {
  browser: Browser;
  /** Signed in as the demo clinic's owner, 1280×800. */
  page: Page;
  frontendUrl: string;
  backendUrl: string;
  /** The demo clinic (Harley Street Aesthetics). */
  clinicId: string;
  /** `/clinics/<demo>/<segment>` as an absolute URL. */
  clinicUrl(segment?: string): string;
  /** Full-page PNG of `page` (or another page) under the screenshot directory. */
  screenshot(name: string, page?: Page): Promise<void>;
  /** Plays a signed Vapi call (`npm run simulate:call`) against the backend; resolves when it ended. */
  simulateCall(scenario: 'booking' | 'faq' | 'emergency' | 'medical-advice', options?: { speed?: number; caller?: string }): Promise<void>;
};

export type Flow = (context: FlowContext) => Promise<void>;

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export async function signIn(page: Page, frontendUrl: string, credentials: { email: string; password: string }): Promise<string> {
  await page.goto(frontendUrl);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/clinics\/[^/]+$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir(), { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: true });
}

export function simulateCall(backendUrl: string, scenario: string, options: { speed?: number; caller?: string } = {}): Promise<void> {
  const args = ['run', '--silent', 'simulate:call', '--workspace', 'backend', '--', '--scenario', scenario, '--base-url', backendUrl, '--quiet'];
  args.push(...(options.speed ? ['--speed', String(options.speed)] : ['--fast']));
  if (options.caller) args.push('--caller', options.caller);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulate:call ${scenario} exited ${code}:\n${output}`))));
  });
}

export async function createFlowContext(browser: Browser, frontendUrl: string, backendUrl: string): Promise<FlowContext> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  const clinicId = await signIn(page, frontendUrl, DEMO_OWNER);
  return {
    browser,
    page,
    frontendUrl,
    backendUrl,
    clinicId,
    clinicUrl: (segment = '') => `${frontendUrl}/clinics/${clinicId}${segment ? `/${segment}` : ''}`,
    screenshot: (name, other) => saveScreenshot(other ?? page, name),
    simulateCall: (scenario, options) => simulateCall(backendUrl, scenario, options),
  };
}
