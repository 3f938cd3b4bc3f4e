export const SESSION_COOKIE_NAME = 'voxanne_session';
/** Only with Supabase Auth: its access tokens live an hour, this renews them (see lib/session/supabase-session.ts). */
export const REFRESH_COOKIE_NAME = 'voxanne_refresh';
export const LOGIN_FAILURE_COOKIE_NAME = 'voxanne_login_failure';

/** Backend tokens live 12 hours; the cookie must not outlive them. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
const LOGIN_FAILURE_MAX_AGE_SECONDS = 60;

export type LoginFailure = { email: string; message: string };

type CookieOptions = { maxAgeSeconds: number; isSecure: boolean };

function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.isSecure) attributes.push('Secure');
  return attributes.join('; ');
}

/**
 * Secure only when the browser talks https to us (directly or through a proxy); a Secure cookie set
 * over plain http://localhost would be dropped and `next start` on a laptop could never sign in.
 */
export function isHttpsRequest(request: Request): boolean {
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwardedProto) return forwardedProto === 'https';
  return new URL(request.url).protocol === 'https:';
}

export function createSessionCookie(token: string, isSecure: boolean): string {
  return serializeCookie(SESSION_COOKIE_NAME, token, { maxAgeSeconds: SESSION_MAX_AGE_SECONDS, isSecure });
}

export function createClearedSessionCookie(isSecure: boolean): string {
  return serializeCookie(SESSION_COOKIE_NAME, '', { maxAgeSeconds: 0, isSecure });
}

export function createRefreshCookie(refreshToken: string, isSecure: boolean): string {
  return serializeCookie(REFRESH_COOKIE_NAME, refreshToken, { maxAgeSeconds: SESSION_MAX_AGE_SECONDS, isSecure });
}

export function createClearedRefreshCookie(isSecure: boolean): string {
  return serializeCookie(REFRESH_COOKIE_NAME, '', { maxAgeSeconds: 0, isSecure });
}

/** Both cookies of a session: the access token, and the refresh token when there is one. */
export function createSessionCookies(token: string, refreshToken: string | null, isSecure: boolean): string[] {
  return refreshToken ? [createSessionCookie(token, isSecure), createRefreshCookie(refreshToken, isSecure)] : [createSessionCookie(token, isSecure)];
}

export function createClearedSessionCookies(isSecure: boolean): string[] {
  return [createClearedSessionCookie(isSecure), createClearedRefreshCookie(isSecure)];
}

/** Carries the failed sign-in across the redirect of a no-JavaScript form post, without putting the email in the URL. */
export function createLoginFailureCookie(failure: LoginFailure, isSecure: boolean): string {
  return serializeCookie(LOGIN_FAILURE_COOKIE_NAME, JSON.stringify(failure), {
    maxAgeSeconds: LOGIN_FAILURE_MAX_AGE_SECONDS,
    isSecure,
  });
}

export function createClearedLoginFailureCookie(isSecure: boolean): string {
  return serializeCookie(LOGIN_FAILURE_COOKIE_NAME, '', { maxAgeSeconds: 0, isSecure });
}

/** Takes the decoded cookie value, as both `readCookie` and Next's `cookies()` return it. */
export function parseLoginFailure(cookieValue: string | undefined): LoginFailure | null {
  if (!cookieValue) return null;
  try {
    const parsed: unknown = JSON.parse(cookieValue);
    const { email, message } = (parsed ?? {}) as Partial<LoginFailure>;
    if (typeof email !== 'string' || typeof message !== 'string') return null;
    return { email, message };
  } catch {
    return null;
  }
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separatorIndex = pair.indexOf('=');
    if (separatorIndex === -1 || pair.slice(0, separatorIndex).trim() !== name) continue;
    const rawValue = pair.slice(separatorIndex + 1).trim();
    try {
      return decodeURIComponent(rawValue);
    } catch {
      return rawValue;
    }
  }
  return undefined;
}
