import { redirectResponse } from '@/lib/http/responses';
import { loadCurrentSession } from './current-session';
import { createClearedSessionCookie, isHttpsRequest, readCookie, SESSION_COOKIE_NAME } from './session-cookie';

export const EXPIRED_SESSION_PATH = '/api/session/expired';

/**
 * Pages cannot set cookies, so the home page sends a rejected session here to have it cleared.
 * The token is re-checked first so that a link from another site cannot sign a user out.
 */
export async function clearRejectedSession(request: Request, backendUrl: string): Promise<Response> {
  const session = await loadCurrentSession(backendUrl, readCookie(request, SESSION_COOKIE_NAME));
  const cookies = session.kind === 'token-rejected' ? [createClearedSessionCookie(isHttpsRequest(request))] : [];
  return redirectResponse('/', cookies);
}
