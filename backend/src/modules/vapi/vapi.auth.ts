import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far an HMAC timestamp may be from our clock, either way (contract §4.1). */
export const VAPI_SIGNATURE_WINDOW_MS = 5 * 60_000;

export type VapiAuthResult = { isAuthentic: true; method: 'secret-header' | 'bearer' | 'hmac' } | { isAuthentic: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison of two strings of possibly different lengths. */
function isSameSecret(given: string, expected: string): boolean {
  const givenBuffer = Buffer.from(given, 'utf8');
  const expectedBuffer = Buffer.from(expected, 'utf8');
  // Compare against itself when lengths differ so timing does not reveal the length.
  if (givenBuffer.length !== expectedBuffer.length) {
    timingSafeEqual(expectedBuffer, expectedBuffer);
    return false;
  }
  return timingSafeEqual(givenBuffer, expectedBuffer);
}

/** Vapi sends seconds or milliseconds since the epoch, or (rarely) an ISO date. */
function parseTimestamp(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d{1,16}$/.test(trimmed)) {
    const number = Number(trimmed);
    return number < 1e12 ? number * 1_000 : number;
  }
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The hex HMAC-SHA256 Vapi's HMAC credential sends as `x-signature`. */
export function vapiHmacSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Authenticity of a Vapi server message, checked on the raw bytes before anything is parsed.
 * Any one of: `X-Vapi-Secret: <secret>`, `Authorization: Bearer <secret>`, or `x-signature` =
 * hex HMAC-SHA256(secret, `${x-timestamp}.${raw body}`) with the timestamp within five minutes.
 */
export function verifyVapiRequest(input: { headers: Headers; rawBody: Buffer; secret: string; now: Date }): VapiAuthResult {
  const { headers, secret } = input;
  const secretHeader = header(headers, 'x-vapi-secret');
  if (secretHeader !== undefined && isSameSecret(secretHeader, secret)) return { isAuthentic: true, method: 'secret-header' };

  const authorization = header(headers, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer !== undefined && isSameSecret(bearer, secret)) return { isAuthentic: true, method: 'bearer' };

  const signature = header(headers, 'x-signature')?.trim().toLowerCase().replace(/^sha256=/, '');
  const timestamp = header(headers, 'x-timestamp');
  if (signature !== undefined && timestamp !== undefined) {
    const sentAt = parseTimestamp(timestamp);
    if (sentAt === undefined) return { isAuthentic: false, reason: 'x-timestamp is not a timestamp' };
    if (Math.abs(input.now.getTime() - sentAt) > VAPI_SIGNATURE_WINDOW_MS) {
      return { isAuthentic: false, reason: 'x-timestamp is outside the 5-minute window' };
    }
    const expected = vapiHmacSignature(secret, timestamp.trim(), input.rawBody);
    if (isSameSecret(signature, expected)) return { isAuthentic: true, method: 'hmac' };
    return { isAuthentic: false, reason: 'x-signature does not match' };
  }

  if (secretHeader !== undefined || bearer !== undefined) return { isAuthentic: false, reason: 'secret does not match' };
  return { isAuthentic: false, reason: 'no credential (X-Vapi-Secret, Bearer or x-signature)' };
}
