import { createHmac } from 'node:crypto';

/** The three credentials Vapi can send with a server message (contract §4.1). */
export type VapiAuthMode = 'hmac' | 'secret-header' | 'bearer';

export const VAPI_AUTH_MODES: readonly VapiAuthMode[] = ['hmac', 'secret-header', 'bearer'];

/**
 * Headers of one signed delivery. The HMAC form signs `${timestamp}.${rawBody}` — the exact bytes
 * that go on the wire — so the body must be sent as given here, never re-serialised.
 */
export function signVapiRequest(input: { secret: string; rawBody: string; mode?: VapiAuthMode; nowMs: number }): Record<string, string> {
  const mode = input.mode ?? 'hmac';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (mode) {
    case 'secret-header':
      headers['x-vapi-secret'] = input.secret;
      break;
    case 'bearer':
      headers.authorization = `Bearer ${input.secret}`;
      break;
    case 'hmac': {
      const timestamp = String(input.nowMs);
      headers['x-timestamp'] = timestamp;
      headers['x-signature'] = createHmac('sha256', input.secret).update(`${timestamp}.${input.rawBody}`).digest('hex');
      break;
    }
  }
  return headers;
}
