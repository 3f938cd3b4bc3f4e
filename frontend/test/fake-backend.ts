import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Speaks the slice of the backend contract the dashboard uses (CONTRACT.md §5, §7). */

export const DEMO_OWNER = {
  email: 'owner@demo.clinic',
  password: 'demo-owner-pass',
  token: 'header.eyJzdWIiOiJ1c3Jfb3duZXIifQ.fake-signature',
  profile: {
    user: { id: 'usr_owner', email: 'owner@demo.clinic', name: 'Olivia Owner' },
    memberships: [
      { clinicId: 'cln_demo', clinicName: 'Harley Street Aesthetics', role: 'owner' },
      { clinicId: 'cln_north', clinicName: 'Northside Dental', role: 'staff' },
    ],
  },
};

/** Any sign-in with this email is answered as rate-limited. */
export const RATE_LIMITED_EMAIL = 'limited@demo.clinic';

export type Readiness = { status: number; body: unknown };
export type RecordedRequest = { method: string; path: string; authorization: string | undefined; body: unknown };

export type FakeBackend = {
  url: string;
  requests: RecordedRequest[];
  setReadiness(readiness: Readiness): void;
  close(): Promise<void>;
};

const READY: Readiness = { status: 200, body: { status: 'ok', checks: { db: 'ok' } } };

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function unauthorized(response: ServerResponse, message: string) {
  sendJson(response, 401, { error: { code: 'UNAUTHORIZED', message } });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function answerLogin(response: ServerResponse, body: unknown) {
  const { email, password } = (body ?? {}) as { email?: unknown; password?: unknown };
  if (typeof email !== 'string' || typeof password !== 'string') {
    return sendJson(response, 400, { error: { code: 'INVALID_INPUT', message: 'email and password are required' } });
  }
  if (email === RATE_LIMITED_EMAIL) {
    return sendJson(response, 429, { error: { code: 'RATE_LIMITED', message: 'Too many sign-in attempts' } }, { 'retry-after': '30' });
  }
  if (email !== DEMO_OWNER.email || password !== DEMO_OWNER.password) {
    return unauthorized(response, 'Invalid email or password');
  }
  sendJson(response, 200, { token: DEMO_OWNER.token, ...DEMO_OWNER.profile });
}

export async function startFakeBackend(port = 0): Promise<FakeBackend> {
  const requests: RecordedRequest[] = [];
  let readiness = READY;

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake-backend').pathname;
    const body = request.method === 'POST' ? await readJson(request) : null;
    requests.push({ method: request.method ?? 'GET', path, authorization: request.headers.authorization, body });

    if (request.method === 'GET' && path === '/health') return sendJson(response, 200, { status: 'ok' });
    if (request.method === 'GET' && path === '/ready') return sendJson(response, readiness.status, readiness.body);
    if (request.method === 'POST' && path === '/api/v1/auth/login') return answerLogin(response, body);
    if (request.method === 'GET' && path === '/api/v1/me') {
      if (request.headers.authorization !== `Bearer ${DEMO_OWNER.token}`) return unauthorized(response, 'Invalid token');
      return sendJson(response, 200, DEMO_OWNER.profile);
    }
    sendJson(response, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    requests,
    setReadiness(next) {
      readiness = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A URL where nothing listens, for "backend is down" cases. */
export async function findUnusedUrl(): Promise<string> {
  const backend = await startFakeBackend();
  await backend.close();
  return backend.url;
}
