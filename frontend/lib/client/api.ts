'use client';

/** Browser-side calls to the dashboard API, through this server's `/api/backend` proxy. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (e.g. FormData for uploads). */
  body?: BodyInit;
  signal?: AbortSignal;
};

const NETWORK_ERROR_MESSAGE = 'Could not reach the dashboard server. Check your connection and try again.';

/** `path` is relative to `/api/v1` on the backend, e.g. `/clinics/<id>/calls?limit=25`. */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/backend${path}`, {
      method: request.method ?? 'GET',
      headers,
      body: request.json !== undefined ? JSON.stringify(request.json) : request.body,
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return body as T;
  if (response.status === 401) {
    // The cookie is gone or the token expired: the expired-session route clears it and shows sign-in.
    window.location.assign('/api/session/expired');
  }
  throw toApiError(response.status, body);
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  return new ApiError(status, `HTTP_${status}`, `The request failed (HTTP ${status}).`);
}

/** A readable sentence for any error a page caught. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
