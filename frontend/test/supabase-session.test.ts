import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyToBackend } from '@/lib/backend/proxy';
import { clearRejectedSession } from '@/lib/session/expired-session';
import { signIn } from '@/lib/session/sign-in';

/**
 * Sign-in through Supabase Auth (SUPABASE_URL + SUPABASE_ANON_KEY): a fake Supabase token endpoint
 * and a fake backend that accepts the access tokens Supabase issued while they are valid.
 */
const ORIGIN = 'http://localhost:3000';
const ANON_KEY = 'anon-key';
const USER = { email: 'owner@clinic.example', password: 'correct horse' };
const PROFILE = { user: { id: 'u1', email: USER.email, name: 'Olivia Owner' }, memberships: [{ clinicId: 'c1', clinicName: 'Clinic', role: 'owner' }] };

let supabaseServer: Server;
let backendServer: Server;
let config: { backendUrl: string; supabase: { url: string; anonKey: string } };
const validAccessTokens = new Set<string>();
let issued = 0;
let refreshTokens = new Set<string>();
let backendCalls: string[] = [];

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

/** Signed in at Supabase but never invited to a clinic: the backend refuses their tokens. */
const STRANGER_EMAIL = 'stranger@elsewhere.example';

function issue(isKnownToBackend = true) {
  issued += 1;
  const session = { access_token: `sb-access-${issued}`, refresh_token: `sb-refresh-${issued}`, expires_in: 3600, token_type: 'bearer' };
  if (isKnownToBackend) validAccessTokens.add(session.access_token);
  refreshTokens.add(session.refresh_token);
  return session;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  supabaseServer = createServer(async (request, response) => {
    const url = new URL(request.url!, 'http://supabase');
    const body = await readBody(request);
    if (request.headers.apikey !== ANON_KEY) return send(response, 401, { message: 'Invalid API key' });
    if (url.pathname !== '/auth/v1/token') return send(response, 404, {});
    const grant = url.searchParams.get('grant_type');
    if (grant === 'password') {
      if (body.password !== USER.password) return send(response, 400, { error: 'invalid_grant', error_description: 'Invalid login credentials' });
      return send(response, 200, issue(body.email !== STRANGER_EMAIL));
    }
    if (grant === 'refresh_token' && refreshTokens.delete(body.refresh_token!)) return send(response, 200, issue());
    return send(response, 400, { error: 'invalid_grant', error_description: 'Invalid Refresh Token' });
  });
  backendServer = createServer((request, response) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    backendCalls.push(`${request.url} ${token}`);
    if (!validAccessTokens.has(token)) return send(response, 401, { error: { code: 'UNAUTHORIZED', message: 'Invalid token' } });
    if (request.url === '/api/v1/me') return send(response, 200, PROFILE);
    return send(response, 200, { items: [] });
  });
  const [supabaseUrl, backendUrl] = await Promise.all([listen(supabaseServer), listen(backendServer)]);
  config = { backendUrl, supabase: { url: supabaseUrl, anonKey: ANON_KEY } };
});

afterAll(async () => {
  await new Promise((resolve) => supabaseServer.close(resolve));
  await new Promise((resolve) => backendServer.close(resolve));
});

beforeEach(() => {
  validAccessTokens.clear();
  refreshTokens = new Set();
  backendCalls = [];
});

function cookieValue(response: Response, name: string): string | undefined {
  const cookie = response.headers.getSetCookie().find((candidate) => candidate.startsWith(`${name}=`));
  return cookie ? decodeURIComponent(cookie.split(';')[0]!.slice(name.length + 1)) : undefined;
}

function signInRequest(credentials: object): Request {
  return new Request(`${ORIGIN}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, host: 'localhost:3000' },
    body: JSON.stringify(credentials),
  });
}

async function signedIn(): Promise<{ access: string; refresh: string }> {
  const response = await signIn(signInRequest(USER), config);
  expect(response.status).toBe(200);
  return { access: cookieValue(response, 'voxanne_session')!, refresh: cookieValue(response, 'voxanne_refresh')! };
}

describe('signing in with Supabase Auth', () => {
  it('keeps the Supabase access and refresh tokens in httpOnly cookies and answers with the backend profile', async () => {
    const response = await signIn(signInRequest(USER), config);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(PROFILE);
    const access = cookieValue(response, 'voxanne_session')!;
    expect(validAccessTokens.has(access)).toBe(true);
    expect(refreshTokens.has(cookieValue(response, 'voxanne_refresh')!)).toBe(true);
    for (const cookie of response.headers.getSetCookie().filter((value) => value.startsWith('voxanne_'))) expect(cookie).toMatch(/HttpOnly/);
    expect(backendCalls).toEqual([`/api/v1/me ${access}`]);
  });

  it("passes Supabase's refusal of a wrong password on as 401, with no cookie", async () => {
    const response = await signIn(signInRequest({ ...USER, password: 'wrong' }), config);
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toBe('Invalid email or password');
    expect(cookieValue(response, 'voxanne_session')).toBeUndefined();
  });

  it('refuses a Supabase user the backend does not know (403) without keeping their token', async () => {
    const response = await signIn(signInRequest({ email: STRANGER_EMAIL, password: USER.password }), config);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('NO_CLINIC_ACCESS');
    expect(cookieValue(response, 'voxanne_session')).toBeUndefined();
  });
});

describe('when the Supabase access token expires', () => {
  it('the proxy renews it once with the refresh cookie, replays the request and sets the new cookies', async () => {
    const { access, refresh } = await signedIn();
    validAccessTokens.delete(access); // expired
    const request = new Request(`${ORIGIN}/api/backend/clinics/c1/calls`, {
      headers: { host: 'localhost:3000', cookie: `voxanne_session=${access}; voxanne_refresh=${refresh}` },
    });
    const response = await proxyToBackend(request, ['clinics', 'c1', 'calls'], config);
    expect(response.status).toBe(200);
    const renewed = cookieValue(response, 'voxanne_session')!;
    expect(renewed).not.toBe(access);
    expect(cookieValue(response, 'voxanne_refresh')).not.toBe(refresh);
    expect(backendCalls.slice(-2)).toEqual([`/api/v1/clinics/c1/calls ${access}`, `/api/v1/clinics/c1/calls ${renewed}`]);
  });

  it('a spent refresh token ends the session: the expired-session route clears both cookies', async () => {
    const { access, refresh } = await signedIn();
    validAccessTokens.delete(access);
    refreshTokens.delete(refresh);
    const response = await clearRejectedSession(
      new Request(`${ORIGIN}/api/session/expired`, { headers: { cookie: `voxanne_session=${access}; voxanne_refresh=${refresh}` } }),
      config,
    );
    expect(response.status).toBe(303);
    expect(cookieValue(response, 'voxanne_session')).toBe('');
    expect(cookieValue(response, 'voxanne_refresh')).toBe('');
  });

  it('the expired-session route renews a live refresh token instead of signing the user out', async () => {
    const { access, refresh } = await signedIn();
    validAccessTokens.delete(access);
    const response = await clearRejectedSession(
      new Request(`${ORIGIN}/api/session/expired`, { headers: { cookie: `voxanne_session=${access}; voxanne_refresh=${refresh}` } }),
      config,
    );
    expect(response.headers.get('location')).toBe('/');
    expect(validAccessTokens.has(cookieValue(response, 'voxanne_session')!)).toBe(true);
  });
});
