import { createHmac } from 'node:crypto';
import { verifyVapiRequest } from '../modules/vapi/vapi.auth';
import { signVapiRequest, VAPI_AUTH_MODES } from './vapi-signing';

const SECRET = 'dev-vapi-secret';
const BODY = JSON.stringify({ message: { type: 'status-update', status: 'ringing', timestamp: 1_763_800_000_000 } });
const NOW_MS = Date.parse('2026-11-22T10:00:00.000Z');

describe('signVapiRequest', () => {
  it('signs `${x-timestamp}.${raw body}` with hex HMAC-SHA256 of the secret', () => {
    const headers = signVapiRequest({ secret: SECRET, rawBody: BODY, mode: 'hmac', nowMs: NOW_MS });
    const independent = createHmac('sha256', SECRET).update(`${NOW_MS}.${BODY}`, 'utf8').digest('hex');
    expect(headers['x-timestamp']).toBe(String(NOW_MS));
    expect(headers['x-signature']).toBe(independent);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-vapi-secret']).toBeUndefined();
  });

  it('signs the bytes of non-ASCII bodies as UTF-8', () => {
    const body = JSON.stringify({ message: { type: 'transcript', transcript: 'I’m calling about £250 — Zoë' } });
    const headers = signVapiRequest({ secret: SECRET, rawBody: body, nowMs: NOW_MS });
    const independent = createHmac('sha256', SECRET).update(Buffer.concat([Buffer.from(`${NOW_MS}.`), Buffer.from(body, 'utf8')])).digest('hex');
    expect(headers['x-signature']).toBe(independent);
  });

  it('sends the secret as X-Vapi-Secret or as a Bearer token', () => {
    expect(signVapiRequest({ secret: SECRET, rawBody: BODY, mode: 'secret-header', nowMs: NOW_MS })).toEqual({
      'content-type': 'application/json',
      'x-vapi-secret': SECRET,
    });
    expect(signVapiRequest({ secret: SECRET, rawBody: BODY, mode: 'bearer', nowMs: NOW_MS })).toEqual({
      'content-type': 'application/json',
      authorization: `Bearer ${SECRET}`,
    });
  });

  it.each(VAPI_AUTH_MODES)('produces %s credentials the backend verifier accepts, and a wrong secret it rejects', (mode) => {
    const rawBody = Buffer.from(BODY, 'utf8');
    const good = signVapiRequest({ secret: SECRET, rawBody: BODY, mode, nowMs: NOW_MS });
    expect(verifyVapiRequest({ headers: good, rawBody, secret: SECRET, now: new Date(NOW_MS + 1_000) })).toMatchObject({ isAuthentic: true });
    const bad = signVapiRequest({ secret: 'not-the-secret', rawBody: BODY, mode, nowMs: NOW_MS });
    expect(verifyVapiRequest({ headers: bad, rawBody, secret: SECRET, now: new Date(NOW_MS + 1_000) })).toMatchObject({ isAuthentic: false });
  });
});
