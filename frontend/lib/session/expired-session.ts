import type { FrontendConfig } from '@/lib/config';
import { redirectResponse } from '@/lib/http/responses';
import { loadCurrentSession } from './current-session';
import { createClearedSessionCookies, isHttpsRequest, readCookie, SESSION_COOKIE_NAME } from './session-cookie';
import { renewSession } from './supabase-session';

export const EXPIRED_SESSION_PATH = '/api/session/expired';

/**
 * Pages cannot set cookies, so a page whose token the backend refused sends the browser here. The
 * token is re-checked first so that a link from another site cannot sign a user out; a refused
 * Supabase token is renewed with the refresh cookie when it can be, and only otherwise cleared.
 */
export async function clearRejectedSession(request: Request, config: Pick<FrontendConfig, 'backendUrl' | 'supabase'>): Promise<Response> {
  const session = await loadCurrentSession(config.backendUrl, readCookie(request, SESSION_COOKIE_NAME));
  if (session.kind !== 'token-rejected') return redirectResponse('/');
  const renewed = await renewSession(request, config.supabase);
  return redirectResponse('/', renewed ? renewed.cookies : createClearedSessionCookies(isHttpsRequest(request)));
}
