import { Router, type Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import type { MessagingService } from '../messaging/messaging.service';
import type { SmsInboundService } from '../messaging/sms-inbound';
import { twilioParams, twilioWebhook, type TwilioWebhookAuth } from './twilio.auth';

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();

// Twilio SIDs: two letters and 32 characters (SM… for SMS, MM… for MMS).
const messageSid = z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'must be a Twilio message SID');
const phone = z.string().min(3).max(64);

const InboundSmsParams = z.object({
  MessageSid: messageSid,
  From: phone,
  To: phone,
  Body: z.string().max(1_600).default(''),
  OptOutType: z.string().max(20).optional(),
});

const StatusParams = z.object({
  MessageSid: messageSid,
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(10).optional(),
});

function replyTwiml(res: Response, status: number): void {
  res.status(status).type('text/xml').send(EMPTY_TWIML);
}

/**
 * Twilio's SMS webhooks (contract §4.2). Both authenticate first (403, nothing stored), persist
 * before answering, and are idempotent: the inbound text is keyed by its MessageSid, and status
 * callbacks only move a message forward.
 */
export function createTwilioSmsRoutes(deps: { auth: TwilioWebhookAuth; messaging: MessagingService; smsInbound: SmsInboundService }): Router {
  const router = Router();
  const count = (type: string, result: string) => deps.auth.metrics.webhooks.inc({ provider: 'twilio', type, result });

  router.post('/sms', twilioWebhook(deps.auth, 'sms'), async (req, res) => {
    const parsed = InboundSmsParams.safeParse(twilioParams(req));
    if (!parsed.success) {
      count('sms', 'invalid');
      req.log.warn('twilio sms webhook without the required parameters', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
      replyTwiml(res, 400);
      return;
    }
    const params = parsed.data;
    try {
      const result = await deps.smsInbound.recordInbound({
        messageSid: params.MessageSid,
        from: params.From,
        to: params.To,
        body: params.Body,
        ...(params.OptOutType ? { optOutType: params.OptOutType } : {}),
      });
      count('sms', result);
      if (result === 'unknown_number') req.log.warn('inbound sms to a number no clinic owns', { to: params.To });
      // The answer goes out through the outbox; an empty TwiML reply sends nothing now.
      replyTwiml(res, 200);
    } catch (error) {
      count('sms', 'error');
      req.log.error('inbound sms could not be stored', { error });
      replyTwiml(res, 500);
    }
  });

  router.post('/sms-status', twilioWebhook(deps.auth, 'sms-status'), async (req, res) => {
    const parsed = StatusParams.safeParse(twilioParams(req));
    if (!parsed.success) {
      count('sms-status', 'invalid');
      replyTwiml(res, 400);
      return;
    }
    const hint = z.uuid().safeParse(req.query.messageId);
    try {
      const result = await deps.messaging.applyStatusCallback(
        {
          messageSid: parsed.data.MessageSid,
          status: parsed.data.MessageStatus.toLowerCase(),
          errorCode: parsed.data.ErrorCode && parsed.data.ErrorCode !== '0' ? parsed.data.ErrorCode : null,
          raw: twilioParams(req),
        },
        hint.success ? hint.data : undefined,
      );
      count('sms-status', result);
      if (result === 'unknown') req.log.warn('status callback for a message we do not know', { messageSid: parsed.data.MessageSid });
      res.status(204).end();
    } catch (error) {
      count('sms-status', 'error');
      req.log.error('sms status callback could not be stored', { error });
      replyTwiml(res, 500);
    }
  });

  return router;
}
