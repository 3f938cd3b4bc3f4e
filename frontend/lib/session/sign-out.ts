import { CROSS_ORIGIN_ERROR, emptyResponse, errorResponse, redirectResponse } from '@/lib/http/responses';
import { isSameOriginRequest } from '@/lib/http/same-origin';
import { createClearedSessionCookies, isHttpsRequest } from './session-cookie';

export type SignOutReply = 'no-content' | 'redirect-home';

/** The backend's tokens are stateless, so signing out means forgetting the cookie. */
export function signOut(request: Request, reply: SignOutReply): Response {
  if (!isSameOriginRequest(request)) return errorResponse(CROSS_ORIGIN_ERROR, { status: 403 });
  const cookies = createClearedSessionCookies(isHttpsRequest(request));
  return reply === 'redirect-home' ? redirectResponse('/', cookies) : emptyResponse({ status: 204, cookies });
}
