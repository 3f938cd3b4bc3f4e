import type { BackendError } from '@/lib/backend/backend-client';

type ResponseOptions = { status: number; cookies?: string[]; headers?: Record<string, string> };

function buildHeaders(cookies: string[] = [], extraHeaders: Record<string, string> = {}): Headers {
  const headers = new Headers(extraHeaders);
  headers.set('cache-control', 'no-store');
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return headers;
}

export function jsonResponse(body: unknown, options: ResponseOptions): Response {
  const headers = buildHeaders(options.cookies, options.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status: options.status, headers });
}

export function errorResponse(error: BackendError, options: ResponseOptions): Response {
  return jsonResponse({ error }, options);
}

export function emptyResponse(options: ResponseOptions): Response {
  return new Response(null, { status: options.status, headers: buildHeaders(options.cookies, options.headers) });
}

/** A relative Location keeps redirects right behind proxies, where request.url may name an internal host. */
export function redirectResponse(location: string, cookies: string[] = []): Response {
  return new Response(null, { status: 303, headers: buildHeaders(cookies, { location }) });
}

export const CROSS_ORIGIN_ERROR: BackendError = {
  code: 'FORBIDDEN',
  message: 'This request did not come from the Voxanne dashboard.',
};
