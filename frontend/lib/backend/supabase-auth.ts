import type { SupabaseAuthConfig } from '@/lib/config';
import { BACKEND_UNAVAILABLE, type BackendOutcome } from './backend-client';

/** What Supabase Auth's token endpoint gives a signed-in user; the dashboard keeps both in httpOnly cookies. */
export type SupabaseSession = { accessToken: string; refreshToken: string; expiresInSeconds: number };

const TIMEOUT_MS = 10_000;
const INVALID_CREDENTIALS = { code: 'UNAUTHORIZED', message: 'Invalid email or password' };
const REFRESH_REFUSED = { code: 'UNAUTHORIZED', message: 'Your session has ended. Please sign in again.' };

function parseSession(body: unknown): SupabaseSession | null {
  const { access_token, refresh_token, expires_in } = (body ?? {}) as Record<string, unknown>;
  if (typeof access_token !== 'string' || typeof refresh_token !== 'string') return null;
  const expiresInSeconds = typeof expires_in === 'number' && expires_in > 0 ? expires_in : 3600;
  return { accessToken: access_token, refreshToken: refresh_token, expiresInSeconds };
}

async function requestToken(config: SupabaseAuthConfig, grantType: 'password' | 'refresh_token', body: object): Promise<BackendOutcome<SupabaseSession>> {
  let response: Response;
  try {
    response = await fetch(`${config.url}/auth/v1/token?grant_type=${grantType}`, {
      method: 'POST',
      headers: { apikey: config.anonKey, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unavailable', error: BACKEND_UNAVAILABLE };
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const session = parseSession(parsed);
    return session ? { kind: 'ok', value: session } : { kind: 'unavailable', error: BACKEND_UNAVAILABLE };
  }
  // Supabase answers a wrong password or a spent refresh token with 400 (invalid_grant).
  if (response.status === 400 || response.status === 401) {
    return { kind: 'rejected', status: 401, error: grantType === 'password' ? INVALID_CREDENTIALS : REFRESH_REFUSED, retryAfter: null };
  }
  if (response.status === 429) {
    const error = { code: 'RATE_LIMITED', message: 'Too many sign-in attempts; try again later' };
    return { kind: 'rejected', status: 429, error, retryAfter: response.headers.get('retry-after') };
  }
  return { kind: 'unavailable', error: BACKEND_UNAVAILABLE };
}

export function signInWithPassword(config: SupabaseAuthConfig, credentials: { email: string; password: string }) {
  return requestToken(config, 'password', credentials);
}

export function refreshSupabaseSession(config: SupabaseAuthConfig, refreshToken: string) {
  return requestToken(config, 'refresh_token', { refresh_token: refreshToken });
}
