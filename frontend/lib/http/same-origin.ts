/**
 * Rejects cross-site form posts (login CSRF, forced sign-out). SameSite=Lax does not cover them:
 * a top-level POST from another site still reaches us. Browsers always send Origin on POST;
 * requests without one come from non-browser clients, which cannot ride a user's cookies.
 */
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host === host.split(',')[0]?.trim();
  } catch {
    return false;
  }
}
