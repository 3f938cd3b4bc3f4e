import express, { Router, type RequestHandler } from 'express';
import twilio from 'twilio';
import type { Metrics } from '../../platform/metrics';

// Twilio's own limit for an SMS body is 1,600 characters; form bodies are small.
const TWILIO_BODY_LIMIT = '64kb';

export type TwilioWebhookAuth = {
  authToken: string;
  /** The URL Twilio called is rebuilt from this, never from the Host header (proxies rewrite it). */
  publicBaseUrl: string;
  metrics: Metrics;
};

/** The form parameters of a Twilio webhook, exactly as posted: every value a string. */
export type TwilioParams = Record<string, string>;

/** Only plain string values are signed; a repeated name (never sent by Twilio) is not a valid request. */
function formParams(body: unknown): TwilioParams | undefined {
  if (!body || typeof body !== 'object') return {};
  const params: TwilioParams = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') return undefined;
    params[name] = value;
  }
  return params;
}

/**
 * Parses the form body and checks `X-Twilio-Signature` with the `twilio` package against
 * `PUBLIC_BASE_URL + originalUrl` and every posted parameter, before any handler runs. A wrong
 * or missing signature gets 403 and an empty TwiML body, and nothing else happens.
 */
export function twilioWebhook(auth: TwilioWebhookAuth, type: string): RequestHandler {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: TWILIO_BODY_LIMIT, parameterLimit: 500 }));
  router.use((req, res, next) => {
    const signature = req.header('x-twilio-signature');
    const params = formParams(req.body);
    const url = auth.publicBaseUrl + req.originalUrl;
    const isAuthentic = Boolean(signature) && params !== undefined && twilio.validateRequest(auth.authToken, signature!, url, params);
    if (!isAuthentic) {
      auth.metrics.webhooks.inc({ provider: 'twilio', type, result: 'unauthorized' });
      req.log.warn('twilio webhook rejected', { type, reason: signature ? 'bad signature' : 'no signature' });
      res.status(403).type('text/xml').send('<Response/>');
      return;
    }
    req.body = params;
    next();
  });
  return router;
}

/** The params of an authenticated Twilio request (after `twilioWebhook`). */
export function twilioParams(req: express.Request): TwilioParams {
  return req.body as TwilioParams;
}
