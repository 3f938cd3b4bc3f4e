import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GET as clearExpiredSession } from '@/app/api/session/expired/route';
import { DELETE as deleteSession, POST as postSession } from '@/app/api/session/route';
import { POST as postSignOut } from '@/app/api/session/sign-out/route';
import { DEMO_OWNER, findUnusedUrl, RATE_LIMITED_EMAIL, startFakeBackend, type FakeBackend } from './fake-backend';

const DASHBOARD_ORIGIN = 'http://localhost:3000';
const SESSION_URL = `${DASHBOARD_ORIGIN}/api/session`;

let backend: FakeBackend;

beforeAll(async () => {
  backend = await startFakeBackend();
  process.env.BACKEND_URL = backend.url;
});

afterAll(async () => {
  delete process.env.BACKEND_URL;
  await backend.close();
});

beforeEach(() => {
  backend.requests.length = 0;
});

function jsonSignIn(body: unknown, headers: Record<string, string> = {}, url = SESSION_URL): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: DASHBOARD_ORIGIN, host: 'localhost:3000', ...headers },
    body: JSON.stringify(body),
  });
}

function formSignIn(fields: Record<string, string>): Request {
  return new Request(SESSION_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: DASHBOARD_ORIGIN, host: 'localhost:3000' },
    body: new URLSearchParams(fields).toString(),
  });
}

function cookieNamed(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
}

function attributesOf(cookie: string | undefined): string[] {
  return (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
}

const ownerCredentials = { email: DEMO_OWNER.email, password: DEMO_OWNER.password };

describe('POST /api/session (sign in with fetch)', () => {
  it('keeps the token in an httpOnly SameSite cookie and out of the JSON body', async () => {
    const response = await postSession(jsonSignIn(ownerCredentials));

    expect(response.status).toBe(200);
    const sessionCookie = cookieNamed(response, 'voxanne_session');
    expect(sessionCookie).toContain(`voxanne_session=${encodeURIComponent(DEMO_OWNER.token)}`);
    expect(attributesOf(sessionCookie)).toEqual(
      expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'max-age=43200']),
    );
    expect(attributesOf(sessionCookie)).not.toContain('secure');

    const bodyText = await response.text();
    expect(bodyText).not.toContain(DEMO_OWNER.token);
    expect(JSON.parse(bodyText)).toEqual(DEMO_OWNER.profile);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(backend.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/auth/login', body: ownerCredentials }),
    ]);
  });

  it('marks the cookie Secure when the browser came over https through a proxy', async () => {
    const response = await postSession(jsonSignIn(ownerCredentials, { 'x-forwarded-proto': 'https' }));

    expect(attributesOf(cookieNamed(response, 'voxanne_session'))).toContain('secure');
  });

  it('marks the cookie Secure when the request itself is https', async () => {
    const request = jsonSignIn(ownerCredentials, { origin: 'https://dashboard.example', host: 'dashboard.example' }, 'https://dashboard.example/api/session');

    const response = await postSession(request);

    expect(response.status).toBe(200);
    expect(attributesOf(cookieNamed(response, 'voxanne_session'))).toContain('secure');
  });

  it('passes a wrong password through as 401 with the backend message and sets no session', async () => {
    const response = await postSession(jsonSignIn({ email: DEMO_OWNER.email, password: 'wrong-password' }));

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid email or password' } });
    expect(cookieNamed(response, 'voxanne_session')).toBeUndefined();
  });

  it('passes rate limiting through with its Retry-After', async () => {
    const response = await postSession(jsonSignIn({ email: RATE_LIMITED_EMAIL, password: 'anything' }));

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts' } });
  });

  it('rejects missing credentials without calling the backend', async () => {
    const response = await postSession(jsonSignIn({ email: DEMO_OWNER.email }));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(backend.requests).toHaveLength(0);
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await postSession(jsonSignIn(ownerCredentials, { origin: 'https://evil.example' }));

    expect(response.status).toBe(403);
    expect(cookieNamed(response, 'voxanne_session')).toBeUndefined();
    expect(backend.requests).toHaveLength(0);
  });

  it('answers 502 when the backend is unreachable', async () => {
    process.env.BACKEND_URL = await findUnusedUrl();
    try {
      const response = await postSession(jsonSignIn(ownerCredentials));

      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: 'UPSTREAM_FAILED' } });
    } finally {
      process.env.BACKEND_URL = backend.url;
    }
  });
});

describe('POST /api/session (plain HTML form, no JavaScript)', () => {
  it('sets the session cookie and redirects home', async () => {
    const response = await postSession(formSignIn(ownerCredentials));

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(attributesOf(cookieNamed(response, 'voxanne_session'))).toContain('httponly');
  });

  it('redirects back with an error flag and remembers the email but never the password', async () => {
    const response = await postSession(formSignIn({ email: DEMO_OWNER.email, password: 'wrong-password' }));

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?login=failed');
    expect(cookieNamed(response, 'voxanne_session')).toBeUndefined();
    const failureCookie = cookieNamed(response, 'voxanne_login_failure') ?? '';
    expect(attributesOf(failureCookie)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax']));
    const failure = JSON.parse(decodeURIComponent(failureCookie.split(';')[0]!.split('=')[1]!));
    expect(failure).toEqual({ email: DEMO_OWNER.email, message: 'Invalid email or password' });
    expect(failureCookie).not.toContain('wrong-password');
  });
});

describe('signing out', () => {
  it('DELETE /api/session clears the cookie', async () => {
    const response = await deleteSession(
      new Request(SESSION_URL, { method: 'DELETE', headers: { origin: DASHBOARD_ORIGIN, host: 'localhost:3000' } }),
    );

    expect(response.status).toBe(204);
    const cleared = cookieNamed(response, 'voxanne_session');
    expect(cleared).toMatch(/^voxanne_session=;/);
    expect(attributesOf(cleared)).toEqual(expect.arrayContaining(['max-age=0', 'path=/', 'httponly', 'samesite=lax']));
  });

  it('POST /api/session/sign-out clears the cookie and redirects home', async () => {
    const response = await postSignOut(
      new Request(`${SESSION_URL}/sign-out`, { method: 'POST', headers: { origin: DASHBOARD_ORIGIN, host: 'localhost:3000' } }),
    );

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(attributesOf(cookieNamed(response, 'voxanne_session'))).toContain('max-age=0');
  });

  it('refuses a sign-out posted from another site', async () => {
    const response = await postSignOut(
      new Request(`${SESSION_URL}/sign-out`, { method: 'POST', headers: { origin: 'https://evil.example', host: 'localhost:3000' } }),
    );

    expect(response.status).toBe(403);
    expect(cookieNamed(response, 'voxanne_session')).toBeUndefined();
  });
});

describe('GET /api/session/expired', () => {
  function expiredRequest(token: string): Request {
    return new Request(`${SESSION_URL}/expired`, { headers: { cookie: `voxanne_session=${encodeURIComponent(token)}` } });
  }

  it('clears a token the backend rejects', async () => {
    const response = await clearExpiredSession(expiredRequest('revoked-token'));

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(attributesOf(cookieNamed(response, 'voxanne_session'))).toContain('max-age=0');
    expect(backend.requests).toEqual([expect.objectContaining({ path: '/api/v1/me', authorization: 'Bearer revoked-token' })]);
  });

  it('keeps a token the backend still accepts', async () => {
    const response = await clearExpiredSession(expiredRequest(DEMO_OWNER.token));

    expect(response.status).toBe(303);
    expect(cookieNamed(response, 'voxanne_session')).toBeUndefined();
  });
});
