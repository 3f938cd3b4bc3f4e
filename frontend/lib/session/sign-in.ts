import { establishSession, type Credentials } from '@/lib/backend/auth-api';
import type { FrontendConfig } from '@/lib/config';
import type { BackendError } from '@/lib/backend/backend-client';
import { CROSS_ORIGIN_ERROR, errorResponse, jsonResponse, redirectResponse } from '@/lib/http/responses';
import { isSameOriginRequest } from '@/lib/http/same-origin';
import {
  createClearedLoginFailureCookie,
  createLoginFailureCookie,
  createSessionCookies,
  isHttpsRequest,
} from './session-cookie';

const MAX_EMAIL_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;
export const LOGIN_FAILED_LOCATION = '/?login=failed';

const INVALID_INPUT_ERROR: BackendError = { code: 'INVALID_INPUT', message: 'Enter your email and password.' };

type Submission = { email: string; credentials: Credentials | null };
type Failure = { status: number; error: BackendError; retryAfter?: string | null };

/**
 * Signs in through the backend and keeps the token in an httpOnly cookie. Answers JSON to the
 * dashboard's fetch, and redirects (with a short-lived failure cookie) for plain HTML form posts.
 */
export async function signIn(request: Request, config: Pick<FrontendConfig, 'backendUrl' | 'supabase'>): Promise<Response> {
  const isFormPost = isFormSubmission(request);
  const isSecure = isHttpsRequest(request);
  if (!isSameOriginRequest(request)) return errorResponse(CROSS_ORIGIN_ERROR, { status: 403 });

  const submission = await readSubmission(request, isFormPost);
  const fail = (failure: Failure) => respondWithFailure(failure, submission.email, isFormPost, isSecure);
  if (!submission.credentials) return fail({ status: 400, error: INVALID_INPUT_ERROR });

  const outcome = await establishSession(config.backendUrl, config.supabase, submission.credentials);
  if (outcome.kind === 'unavailable') return fail({ status: 502, error: outcome.error });
  if (outcome.kind === 'rejected') {
    const status = outcome.status >= 500 ? 502 : outcome.status;
    return fail({ status, error: outcome.error, retryAfter: outcome.retryAfter });
  }

  const { token, refreshToken, user, memberships } = outcome.value;
  const cookies = [...createSessionCookies(token, refreshToken, isSecure), createClearedLoginFailureCookie(isSecure)];
  if (isFormPost) return redirectResponse('/', cookies);
  return jsonResponse({ user, memberships }, { status: 200, cookies });
}

function isFormSubmission(request: Request): boolean {
  const contentType = request.headers.get('content-type') ?? '';
  return contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data');
}

async function readSubmission(request: Request, isFormPost: boolean): Promise<Submission> {
  const fields = await readFields(request, isFormPost);
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  const password = typeof fields.password === 'string' ? fields.password : '';
  const isValid =
    email !== '' && password !== '' && email.length <= MAX_EMAIL_LENGTH && password.length <= MAX_PASSWORD_LENGTH;
  return { email: email.slice(0, MAX_EMAIL_LENGTH), credentials: isValid ? { email, password } : null };
}

async function readFields(request: Request, isFormPost: boolean): Promise<Record<string, unknown>> {
  try {
    if (isFormPost) return Object.fromEntries((await request.formData()).entries());
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function respondWithFailure(failure: Failure, email: string, isFormPost: boolean, isSecure: boolean): Response {
  if (isFormPost) {
    const failureCookie = createLoginFailureCookie({ email, message: failure.error.message }, isSecure);
    return redirectResponse(LOGIN_FAILED_LOCATION, [failureCookie]);
  }
  const headers: Record<string, string> = failure.retryAfter ? { 'retry-after': failure.retryAfter } : {};
  return errorResponse(failure.error, { status: failure.status, headers });
}
