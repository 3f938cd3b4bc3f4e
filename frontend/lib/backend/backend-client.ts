export type BackendError = { code: string; message: string };

type BackendReply =
  | { kind: 'answered'; status: number; headers: Headers; body: unknown }
  | { kind: 'unreachable' };

export type BackendOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'rejected'; status: number; error: BackendError; retryAfter: string | null }
  | { kind: 'unavailable'; error: BackendError };

type BackendRequest = {
  method?: 'GET' | 'POST';
  token?: string;
  json?: unknown;
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 5000;

export const BACKEND_UNAVAILABLE: BackendError = {
  code: 'UPSTREAM_FAILED',
  message: 'The Voxanne service is not responding. Please try again in a moment.',
};

export async function requestBackend(baseUrl: string, path: string, request: BackendRequest = {}): Promise<BackendReply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: request.method ?? 'GET',
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    return { kind: 'answered', status: response.status, headers: response.headers, body: await readJsonBody(response) };
  } catch {
    return { kind: 'unreachable' };
  }
}

async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Turns a reply into a typed outcome: 2xx bodies go through `parse`, error bodies keep the backend's code and message. */
export function interpretReply<T>(reply: BackendReply, parse: (body: unknown) => T | null): BackendOutcome<T> {
  if (reply.kind === 'unreachable') return { kind: 'unavailable', error: BACKEND_UNAVAILABLE };
  if (reply.status >= 200 && reply.status < 300) {
    const value = parse(reply.body);
    return value === null ? { kind: 'unavailable', error: BACKEND_UNAVAILABLE } : { kind: 'ok', value };
  }
  return {
    kind: 'rejected',
    status: reply.status,
    error: readBackendError(reply.body, reply.status),
    retryAfter: reply.headers.get('retry-after'),
  };
}

function readBackendError(body: unknown, status: number): BackendError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return { code, message };
  }
  return { code: `HTTP_${status}`, message: `The Voxanne service answered with an error (HTTP ${status}).` };
}
