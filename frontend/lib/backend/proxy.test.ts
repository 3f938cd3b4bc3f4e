import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyToBackend } from './proxy';

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

let server: Server;
let backendUrl: string;
let seen: Seen[] = [];
let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{"ok":true}' };

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(reply.status, { 'content-type': 'application/json', 'set-cookie': 'backend=1', ...reply.headers });
    response.end(reply.status === 204 ? undefined : reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  reply = { status: 200, body: '{"ok":true}' };
});

function browserRequest(path: string, init: RequestInit & { cookie?: string | null; origin?: string } = {}): Request {
  const headers = new Headers(init.headers);
  headers.set('host', 'dashboard.example');
  if (init.cookie !== null) headers.set('cookie', init.cookie ?? 'other=1; voxanne_session=tok.en');
  if (init.origin) headers.set('origin', init.origin);
  return new Request(`http://dashboard.example${path}`, { ...init, headers });
}

describe('proxyToBackend', () => {
  it('sends the cookie as a bearer token to /api/v1 with the query, and nothing else of the browser', async () => {
    const response = await proxyToBackend(browserRequest('/api/backend/clinics/c1/calls?q=filler&limit=5'), ['clinics', 'c1', 'calls'], { backendUrl, supabase: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/v1/clinics/c1/calls?q=filler&limit=5');
    expect(seen[0]!.headers.authorization).toBe('Bearer tok.en');
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('forwards a same-origin JSON body and the backend error as it is', async () => {
    reply = { status: 409, body: '{"error":{"code":"OPTED_OUT","message":"The patient opted out"}}' };
    const response = await proxyToBackend(
      browserRequest('/api/backend/clinics/c1/messages', {
        method: 'POST',
        origin: 'http://dashboard.example',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+447700900123', body: 'Hi' }),
      }),
      ['clinics', 'c1', 'messages'],
      { backendUrl, supabase: null },
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'OPTED_OUT', message: 'The patient opted out' } });
    expect(seen[0]!.method).toBe('POST');
    expect(JSON.parse(seen[0]!.body)).toEqual({ to: '+447700900123', body: 'Hi' });
  });

  it('passes a 204 through without a body', async () => {
    reply = { status: 204, body: '' };
    const request = browserRequest('/api/backend/clinics/c1/kb/documents/d1', { method: 'DELETE', origin: 'http://dashboard.example' });
    const response = await proxyToBackend(request, ['clinics', 'c1', 'kb', 'documents', 'd1'], { backendUrl, supabase: null });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('refuses a cross-site write before calling the backend', async () => {
    const request = browserRequest('/api/backend/clinics/c1/messages', { method: 'POST', origin: 'https://evil.example', body: '{}' });
    const response = await proxyToBackend(request, ['clinics', 'c1', 'messages'], { backendUrl, supabase: null });
    expect(response.status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('answers 401 without a session cookie, before calling the backend', async () => {
    const response = await proxyToBackend(browserRequest('/api/backend/me', { cookie: null }), ['me'], { backendUrl, supabase: null });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('UNAUTHENTICATED');
    expect(seen).toHaveLength(0);
  });

  it.each([[['clinics', '..', 'admin']], [['clinics', 'a b']], [[]]])('refuses the path %p', async (segments) => {
    const response = await proxyToBackend(browserRequest('/api/backend/x'), segments, { backendUrl, supabase: null });
    expect(response.status).toBe(404);
    expect(seen).toHaveLength(0);
  });

  it('answers 502 with a readable error when the backend is down', async () => {
    const response = await proxyToBackend(browserRequest('/api/backend/me'), ['me'], { backendUrl: 'http://127.0.0.1:1', supabase: null });
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe('UPSTREAM_FAILED');
  });
});
