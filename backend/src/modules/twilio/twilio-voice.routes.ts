import { Router, type Request, type Response } from 'express';
import { twilioParams, twilioWebhook, type TwilioWebhookAuth } from './twilio.auth';
import type { TwilioVoiceReply, TwilioVoiceService } from './twilio-voice.service';
import { apologyTwiml } from './twilio-voice.twiml';

function sendTwiml(res: Response, twiml: string): void {
  res.status(200).type('text/xml').send(twiml);
}

/**
 * Runs a TwiML-answering handler: whatever fails after authentication, the caller hears a
 * spoken apology and the call ends cleanly — Twilio would otherwise play its own "application
 * error" message, and JSON or a stack trace is never valid TwiML.
 */
function answerWith(auth: TwilioWebhookAuth, type: string, handle: (req: Request) => Promise<TwilioVoiceReply>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const reply = await handle(req);
      auth.metrics.webhooks.inc({ provider: 'twilio', type, result: reply.result });
      sendTwiml(res, reply.twiml);
    } catch (error) {
      auth.metrics.webhooks.inc({ provider: 'twilio', type, result: 'failed' });
      req.log.error('twilio voice webhook failed', { type, error });
      sendTwiml(res, apologyTwiml());
    }
  };
}

/**
 * Twilio voice when Vapi is not in front (contract §4.2): `/voice` greets, `/voice/gather`
 * answers each thing the caller says, `/voice-status` records the call's statuses. Every route
 * checks the signature first (403, nothing stored). `<Gather>` action URLs are built from the
 * same public base URL the signatures are checked against, so Twilio's answers verify.
 */
export function createTwilioVoiceRoutes(deps: { auth: TwilioWebhookAuth; voice: TwilioVoiceService }): Router {
  const { auth, voice } = deps;
  const router = Router();

  router.post(
    '/voice',
    twilioWebhook(auth, 'voice'),
    answerWith(auth, 'voice', (req) => voice.answerCall({ params: twilioParams(req), publicBaseUrl: auth.publicBaseUrl })),
  );

  router.post(
    '/voice/gather',
    twilioWebhook(auth, 'voice.gather'),
    answerWith(auth, 'voice.gather', (req) =>
      voice.answerGather({ params: twilioParams(req), query: req.query as Record<string, unknown>, publicBaseUrl: auth.publicBaseUrl }),
    ),
  );

  router.post('/voice-status', twilioWebhook(auth, 'voice-status'), async (req, res) => {
    try {
      const result = await voice.recordStatus(twilioParams(req));
      auth.metrics.webhooks.inc({ provider: 'twilio', type: 'voice-status', result });
      res.status(204).end();
    } catch (error) {
      // Not acknowledged, so Twilio's debugger shows the failure; the body is still TwiML.
      auth.metrics.webhooks.inc({ provider: 'twilio', type: 'voice-status', result: 'failed' });
      req.log.error('twilio voice status failed', { error });
      res.status(500).type('text/xml').send('<Response/>');
    }
  });

  return router;
}
