import { refreshSupabaseSession } from '@/lib/backend/supabase-auth';
import type { SupabaseAuthConfig } from '@/lib/config';
import { createSessionCookies, isHttpsRequest, readCookie, REFRESH_COOKIE_NAME } from './session-cookie';

export type RenewedSession = { token: string; cookies: string[] };

/**
 * With Supabase Auth, access tokens live about an hour: when the backend refuses one, the refresh
 * cookie buys a new pair (Supabase rotates refresh tokens). Null when there is nothing to renew with
 * or Supabase refuses: the session has really ended.
 */
export async function renewSession(request: Request, supabase: SupabaseAuthConfig | null): Promise<RenewedSession | null> {
  const refreshToken = readCookie(request, REFRESH_COOKIE_NAME);
  if (!supabase || !refreshToken) return null;
  const outcome = await refreshSupabaseSession(supabase, refreshToken);
  if (outcome.kind !== 'ok') return null;
  const { accessToken, refreshToken: nextRefreshToken } = outcome.value;
  return { token: accessToken, cookies: createSessionCookies(accessToken, nextRefreshToken, isHttpsRequest(request)) };
}

/**
 * Runs `attempt` with the session's token; when the backend refuses it (`isRefused`) and a
 * Supabase refresh token can renew it, runs it once more with the new token. `cookies` carry the
 * renewed pair for the response (empty when nothing was renewed).
 */
export async function withRenewal<T>(
  request: Request,
  supabase: SupabaseAuthConfig | null,
  token: string,
  attempt: (token: string) => Promise<T>,
  isRefused: (result: T) => boolean,
): Promise<{ result: T; cookies: string[] }> {
  const result = await attempt(token);
  if (!isRefused(result)) return { result, cookies: [] };
  const renewed = await renewSession(request, supabase);
  if (!renewed) return { result, cookies: [] };
  return { result: await attempt(renewed.token), cookies: renewed.cookies };
}
