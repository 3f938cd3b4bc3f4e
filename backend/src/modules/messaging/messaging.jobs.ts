import { z } from 'zod';
import { defineJobCatalog } from '../../platform/jobs/job-catalog';

export const REMINDER_KINDS = ['24h', '2h'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const messagingJobs = defineJobCatalog({
  /** Sends one outbox message; retried with backoff on provider and network errors. */
  'sms.send': {
    schema: z.object({ clinicId: z.uuid(), messageId: z.uuid() }),
    maxAttempts: 8,
    backoff: { baseDelayMs: 2_000, maxDelayMs: 600_000 },
  },
  /** Answers one stored inbound text: keywords first, then the conversation engine. */
  'sms.inbound': {
    schema: z.object({ clinicId: z.uuid(), messageId: z.uuid(), optOutType: z.string().max(20).optional() }),
    maxAttempts: 5,
    backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  },
  /** An appointment reminder, keyed by appointment + kind; stale when the appointment moved. */
  'sms.reminder': {
    schema: z.object({ clinicId: z.uuid(), appointmentId: z.uuid(), kind: z.enum(REMINDER_KINDS), startsAt: z.iso.datetime() }),
    maxAttempts: 5,
    backoff: { baseDelayMs: 30_000, maxDelayMs: 1_800_000 },
  },
  /** After a call ended: tells the on-call number about a caller who hung up with nothing resolved. */
  'sms.call-followup': {
    schema: z.object({ clinicId: z.uuid(), callId: z.uuid() }),
    maxAttempts: 5,
    backoff: { baseDelayMs: 30_000, maxDelayMs: 600_000 },
  },
  /** Settles texts whose status callbacks never came, from the provider's own record. */
  'sms.reconcile': {
    schema: z.object({ slot: z.string().max(40) }),
    maxAttempts: 3,
    backoff: { baseDelayMs: 60_000, maxDelayMs: 600_000 },
  },
});

export type SmsSendPayload = z.infer<(typeof messagingJobs)['sms.send']['schema']>;
export type SmsInboundPayload = z.infer<(typeof messagingJobs)['sms.inbound']['schema']>;
export type SmsCallFollowupPayload = z.infer<(typeof messagingJobs)['sms.call-followup']['schema']>;
export type SmsReminderPayload = z.infer<(typeof messagingJobs)['sms.reminder']['schema']>;
