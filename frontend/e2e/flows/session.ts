import assert from 'node:assert/strict';
import { DEMO_OWNER, DEMO_STAFF, signIn, type Flow } from '../support/flow';

const SESSION_COOKIE_NAME = 'voxanne_session';

/** Sign-in, the cookie that carries the session, role-aware navigation, CSRF refusal and sign-out. */
export const sessionFlow: Flow = async (ctx) => {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(ctx.frontendUrl);
    await page.getByLabel('Email').fill(DEMO_OWNER.email);
    await page.getByLabel('Password').fill(`${DEMO_OWNER.password}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const message = (await page.locator('#login-error').textContent()) ?? '';
    assert.match(message, /Invalid email or password/);
    assert.equal(await page.getByLabel('Email').inputValue(), DEMO_OWNER.email, 'the email stays filled in');
    await ctx.screenshot('session-wrong-password', page);

    const clinicId = await signIn(page, ctx.frontendUrl, DEMO_STAFF);
    assert.equal(clinicId, ctx.clinicId, 'staff land on their clinic');
    const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE_NAME);
    assert.ok(cookie?.httpOnly, 'the session cookie is httpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    assert.ok(!(await page.evaluate(() => document.cookie)).includes(SESSION_COOKIE_NAME), 'scripts cannot read the token');
    assert.ok(!(await page.content()).includes(cookie.value), 'the token is not in the HTML');

    const nav = page.getByRole('navigation', { name: 'Clinic sections' });
    await nav.getByRole('link', { name: 'Escalations' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Agent' }).count(), 0, 'staff do not see the agent settings');

    const forged = await context.request.post(`${ctx.frontendUrl}/api/backend/clinics/${clinicId}/messages`, {
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      data: { to: '+447700900999', body: 'forged' },
    });
    assert.equal(forged.status(), 403, 'a cross-site post through the proxy is refused');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.ok(!(await context.cookies()).some((candidate) => candidate.name === SESSION_COOKIE_NAME), 'signing out clears the cookie');
    await page.goto(`${ctx.frontendUrl}/clinics/${clinicId}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const unauthenticated = await context.request.get(`${ctx.frontendUrl}/api/backend/clinics/${clinicId}/calls`);
    assert.equal(unauthenticated.status(), 401);
  } finally {
    await context.close();
  }

  const noScript = await ctx.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await noScript.newPage();
    await page.goto(ctx.frontendUrl);
    await page.getByLabel('Email').fill(DEMO_OWNER.email);
    await page.getByLabel('Password').fill(DEMO_OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/clinics\/[^/]+$/);
    await page.getByRole('navigation', { name: 'Clinic sections' }).waitFor();
  } finally {
    await noScript.close();
  }
};
