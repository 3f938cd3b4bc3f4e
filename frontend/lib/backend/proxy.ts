import { BACKEND_UNAVAILABLE } from '@/lib/backend/backend-client';
import { CROSS_ORIGIN_ERROR, errorResponse } from '@/lib/http/responses';
import { isSameOriginRequest } from '@/lib/http/same-origin';
import type { FrontendConfig } from '@/lib/config';
import { readCookie, SESSION_COOKIE_NAME } from '@/lib/session/session-cookie';
import { withRenewal } from '@/lib/session/supabase-session';

const PROXY_TIMEOUT_MS = 30_000;
const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** Request headers the backend needs to read the body and answer in kind; nothing else crosses. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'idempotency-key'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'x-request-id'];
const SEGMENT_PATTERN = /^[A-Za-z0-9._~:@-]+$/;

const NOT_SIGNED_IN = { code: 'UNAUTHENTICATED', message: 'Your session has ended. Please sign in again.' };
const BAD_PATH = { code: 'NOT_FOUND', message: 'No such dashboard API route.' };

/**
 * The browser's only way to the dashboard API: `/api/backend/<path>` becomes `/api/v1/<path>` on the
 * backend with the session cookie turned into `Authorization: Bearer`. The token never reaches
 * browser JavaScript, and tenancy stays the backend's to enforce.
 */
export async function proxyToBackend(
  request: Request,
  segments: string[],
  config: Pick<FrontendConfig, 'backendUrl' | 'supabase'>,
): Promise<Response> {
  const method = request.method.toUpperCase();
  if (!SAFE_METHODS.has(method) && !isSameOriginRequest(request)) {
    return errorResponse(CROSS_ORIGIN_ERROR, { status: 403 });
  }
  if (segments.length === 0 || !segments.every(isPlainSegment)) return errorResponse(BAD_PATH, { status: 404 });

  const token = readCookie(request, SESSION_COOKIE_NAME);
  if (!token) return errorResponse(NOT_SIGNED_IN, { status: 401 });

  const target = `${config.backendUrl}/api/v1/${segments.map(encodeURIComponent).join('/')}${new URL(request.url).search}`;
  const body = SAFE_METHODS.has(method) ? undefined : await request.arrayBuffer();
  // A Supabase access token lives an hour: a refused one is renewed once and the request replayed.
  const { result: upstream, cookies } = await withRenewal(
    request,
    config.supabase,
    token,
    (bearer) => forward(request, method, target, bearer, body),
    (reply) => reply?.status === 401,
  );
  if (!upstream) return errorResponse(BACKEND_UNAVAILABLE, { status: 502 });

  const responseHeaders = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of cookies) responseHeaders.append('set-cookie', cookie);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const noBody = upstream.status === 204 || upstream.status === 304 || method === 'HEAD';
  return new Response(noBody ? null : await upstream.arrayBuffer(), { status: upstream.status, headers: responseHeaders });
}

async function forward(request: Request, method: string, target: string, token: string, body: ArrayBuffer | undefined): Promise<Response | null> {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  try {
    return await fetch(target, { method, headers, body, cache: 'no-store', redirect: 'manual', signal: AbortSignal.timeout(PROXY_TIMEOUT_MS) });
  } catch {
    return null;
  }
}

function isPlainSegment(segment: string): boolean {
  return segment !== '.' && segment !== '..' && SEGMENT_PATTERN.test(segment);
}
