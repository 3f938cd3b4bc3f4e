import { interpretReply, requestBackend } from '@/lib/backend/backend-client';
import { readConfig, webSocketUrl } from '@/lib/config';
import { CROSS_ORIGIN_ERROR, errorResponse, jsonResponse } from '@/lib/http/responses';
import { isSameOriginRequest } from '@/lib/http/same-origin';
import { readCookie, SESSION_COOKIE_NAME } from '@/lib/session/session-cookie';
import { withRenewal } from '@/lib/session/supabase-session';

type Ticket = { ticket: string; expiresAt: string };

function parseTicket(body: unknown): Ticket | null {
  const { ticket, expiresAt } = (body ?? {}) as Partial<Record<keyof Ticket, unknown>>;
  return typeof ticket === 'string' && typeof expiresAt === 'string' ? { ticket, expiresAt } : null;
}

/**
 * Mints a single-use WebSocket ticket with the session token, so the browser can dial the backend's
 * `/ws` directly without ever holding the token. Answers `{ticket, expiresAt, url}`.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request)) return errorResponse(CROSS_ORIGIN_ERROR, { status: 403 });
  const token = readCookie(request, SESSION_COOKIE_NAME);
  if (!token) return errorResponse({ code: 'UNAUTHENTICATED', message: 'Please sign in again.' }, { status: 401 });

  const config = readConfig();
  const mint = async (bearer: string) =>
    interpretReply(await requestBackend(config.backendUrl, '/api/v1/realtime/ticket', { method: 'POST', token: bearer, json: {} }), parseTicket);
  // An expired Supabase access token is renewed once, as the API proxy does.
  const { result: outcome, cookies } = await withRenewal(request, config.supabase, token, mint, (minted) => minted.kind === 'rejected' && minted.status === 401);
  if (outcome.kind === 'ok') return jsonResponse({ ...outcome.value, url: webSocketUrl(config.publicBackendUrl) }, { status: 200, cookies });
  if (outcome.kind === 'rejected') return errorResponse(outcome.error, { status: outcome.status });
  return errorResponse(outcome.error, { status: 502 });
}
