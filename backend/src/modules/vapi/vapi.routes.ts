import express, { Router } from 'express';
import { errorBody } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import type { Metrics } from '../../platform/metrics';
import { verifyVapiRequest } from './vapi.auth';
import { parseVapiMessage, toolCallsOf, type VapiMessage } from './vapi.messages';
import type { VapiService } from './vapi.service';

// End-of-call reports carry the whole transcript and message list of long calls.
const VAPI_BODY_LIMIT = '5mb';

/** What Vapi gets when processing failed: still a 200 for the types a call is waiting on. */
function failureBody(message: VapiMessage): Record<string, unknown> | undefined {
  if (message.type === 'tool-calls') {
    const error = "Sorry, I couldn't do that just now. Offer to take a message for the team.";
    return { results: toolCallsOf(message).map((call) => ({ toolCallId: call.id, name: call.name, error })) };
  }
  if (message.type === 'assistant-request') return { error: "Sorry, we're having technical difficulties. Please call back in a few minutes." };
  return undefined;
}

/**
 * `POST /webhooks/vapi` (contract §4.1): authenticity on the raw bytes before anything else
 * (401, nothing stored), then parse, record, apply and answer.
 */
export function createVapiRoutes(deps: { vapi: VapiService; secret: string; clock: Clock; metrics: Metrics }): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: VAPI_BODY_LIMIT }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const auth = verifyVapiRequest({ headers: req.headers, rawBody, secret: deps.secret, now: deps.clock.now() });
    if (!auth.isAuthentic) {
      deps.metrics.webhooks.inc({ provider: 'vapi', type: 'unknown', result: 'unauthorized' });
      req.log.warn('vapi webhook rejected', { reason: auth.reason });
      res.status(401).json(errorBody('UNAUTHORIZED', 'Webhook credentials are missing or wrong'));
      return;
    }

    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      deps.metrics.webhooks.inc({ provider: 'vapi', type: 'unknown', result: 'invalid' });
      res.status(400).json(errorBody('INVALID_INPUT', 'Body is not JSON'));
      return;
    }
    const parsed = parseVapiMessage(payload);
    if (!parsed.ok) {
      deps.metrics.webhooks.inc({ provider: 'vapi', type: 'unknown', result: 'invalid' });
      res.status(400).json(errorBody('INVALID_INPUT', `Not a Vapi server message: ${parsed.reason}`));
      return;
    }

    const { message } = parsed;
    // Metric labels stay bounded: provider-invented types are counted as "other".
    const typeLabel = KNOWN_TYPES.has(message.type) ? message.type : 'other';
    try {
      const outcome = await deps.vapi.handle(message, rawBody);
      deps.metrics.webhooks.inc({ provider: 'vapi', type: typeLabel, result: outcome.result });
      if (req.log.isDebugEnabled()) req.log.debug('vapi webhook', { type: message.type, result: outcome.result, vapiCallId: message.call.id });
      res.status(200).json(outcome.body);
    } catch (error) {
      deps.metrics.webhooks.inc({ provider: 'vapi', type: typeLabel, result: 'failed' });
      const body = failureBody(message);
      if (!body) throw error;
      req.log.error('vapi webhook failed', { type: message.type, vapiCallId: message.call.id, error });
      res.status(200).json(body);
    }
  });
  return router;
}

const KNOWN_TYPES = new Set([
  'assistant-request',
  'tool-calls',
  'transfer-destination-request',
  'status-update',
  'transcript',
  'speech-update',
  'conversation-update',
  'hang',
  'end-of-call-report',
  'model-output',
  'user-interrupted',
  'voice-input',
  'knowledge-base-request',
  'phone-call-control',
]);
