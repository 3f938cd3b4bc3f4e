import { cookies } from 'next/headers';
import { readConfig } from '@/lib/config';
import { SESSION_COOKIE_NAME } from '@/lib/session/session-cookie';
import { interpretReply, requestBackend, type BackendOutcome } from './backend-client';

/**
 * GET on the dashboard API from a server component, with this request's session cookie as the
 * bearer token. `path` is relative to `/api/v1`.
 */
export async function serverGet<T>(path: string, parse: (body: unknown) => T | null = (body) => body as T): Promise<BackendOutcome<T>> {
  const token = (await cookies()).get(SESSION_COOKIE_NAME)?.value;
  if (!token) return { kind: 'rejected', status: 401, error: { code: 'UNAUTHENTICATED', message: 'Not signed in.' }, retryAfter: null };
  return interpretReply(await requestBackend(readConfig().backendUrl, `/api/v1${path}`, { token }), parse);
}
