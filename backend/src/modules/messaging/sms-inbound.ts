import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { PermanentJobError } from '../../platform/jobs/job-failure';
import type { EventPublisher } from '../../platform/events/domain-events';
import type { JobQueue } from '../../platform/jobs/job-queue';
import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import { formatDayAndTime } from '../../platform/intl';
import type { JobCatalog } from '../../services';
import type { ConversationEngine, Turn } from '../conversation/conversation.engine';
import type { PatientsService } from '../patients/patients.service';
import type { SchedulingService } from '../scheduling/scheduling.service';
import type { MessagingService } from './messaging.service';
import type { SmsInboundPayload } from './messaging.jobs';
import { classifySmsKeyword, type SmsKeyword } from './sms-keywords';
import type { SmsProfile } from './sms-profile';
import { smsLength } from './sms-segments';

/** The parameters of Twilio's inbound SMS webhook we act on; the whole set is signed and kept as posted. */
export type InboundSms = { messageSid: string; from: string; to: string; body: string; optOutType?: string };

// What the engine sees of earlier exchanges with the same number: recent and short.
const HISTORY_WINDOW = '24 hours';
const HISTORY_TURNS = 12;
// Twilio's OptOutType values: with Advanced Opt-Out, Twilio has already answered the keyword.
const TWILIO_ANSWERED = new Set(['STOP', 'START', 'HELP']);

export function createSmsInboundService(deps: {
  db: Db;
  queue: Pick<JobQueue<JobCatalog>, 'enqueue'>;
  events: EventPublisher;
  logger: Logger;
  clock: Clock;
  messaging: MessagingService;
  engine: ConversationEngine;
  patients: PatientsService;
  scheduling: SchedulingService;
  smsProfile: (clinicId: string) => Promise<SmsProfile>;
}) {
  /** SMS and call turns with this number in the day before this message, oldest first, for the engine. */
  async function historyWith(clinicId: string, phone: string, messageId: string): Promise<Turn[]> {
    // The window is anchored on the message's own timestamp, as the database wrote both.
    const { rows } = await deps.db.query<{ role: 'patient' | 'assistant'; text: string }>(
      `WITH current AS (SELECT created_at FROM messages WHERE id = $3)
       SELECT role, text FROM (
         SELECT CASE WHEN m.direction = 'inbound' THEN 'patient' ELSE 'assistant' END AS role, m.body AS text, m.created_at AS at
           FROM messages m, current
          WHERE m.clinic_id = $1 AND m.patient_number = $2 AND m.id <> $3
            AND m.created_at <= current.created_at AND m.created_at >= current.created_at - $4::interval
            AND (m.direction = 'inbound' OR m.kind IN ('conversation', 'staff', 'confirmation', 'reminder'))
         UNION ALL
         SELECT CASE WHEN s.role = 'user' THEN 'patient' ELSE 'assistant' END, s.text, s.spoken_at
           FROM transcript_segments s JOIN calls c ON c.clinic_id = s.clinic_id AND c.id = s.call_id, current
          WHERE c.clinic_id = $1 AND c.from_number = $2 AND s.is_final AND s.role IN ('user', 'assistant')
            AND s.spoken_at <= current.created_at AND s.spoken_at >= current.created_at - $4::interval
         ORDER BY at DESC LIMIT $5
       ) recent ORDER BY at`,
      [clinicId, phone, messageId, HISTORY_WINDOW, HISTORY_TURNS],
    );
    return rows;
  }

  /** The reply to a keyword, or undefined when Twilio already sent it (Advanced Opt-Out). */
  async function answerKeyword(
    clinicId: string,
    keyword: SmsKeyword,
    context: { patientId: string; phone: string; optOutType: string | undefined; profile: SmsProfile; messageId: string },
  ): Promise<{ body: string; bypassOptOut: boolean } | undefined> {
    const { profile } = context;
    const hasTwilioAnswered = context.optOutType !== undefined && TWILIO_ANSWERED.has(context.optOutType.toUpperCase());
    const call = profile.phoneNumber ? ` or call ${profile.phoneNumber}` : '';
    switch (keyword.kind) {
      case 'opt_out':
        await deps.patients.setSmsOptOut(clinicId, context.phone, true);
        deps.logger.info('sms opt-out recorded', { clinicId, patientId: context.patientId });
        return hasTwilioAnswered
          ? undefined
          : { body: `${profile.name}: you've been unsubscribed and will get no more texts from us. Reply START to resubscribe.`, bypassOptOut: true };
      case 'opt_in':
        await deps.patients.setSmsOptOut(clinicId, context.phone, false);
        deps.logger.info('sms opt-in recorded', { clinicId, patientId: context.patientId });
        return hasTwilioAnswered ? undefined : { body: `${profile.name}: you're resubscribed to our texts. Reply HELP for help, STOP to opt out.`, bypassOptOut: false };
      case 'help':
        return hasTwilioAnswered
          ? undefined
          : {
              body: `${profile.name}: we're open ${profile.hoursText}. Text us your question${call}. Msg & data rates may apply. Reply STOP to opt out.`,
              bypassOptOut: true,
            };
      case 'confirm_appointment':
      case 'cancel_appointment':
      case 'reschedule_appointment':
        return { body: await answerAppointmentReply(clinicId, keyword.kind, context), bypassOptOut: false };
    }
  }

  async function answerAppointmentReply(
    clinicId: string,
    kind: 'confirm_appointment' | 'cancel_appointment' | 'reschedule_appointment',
    context: { patientId: string; phone: string; profile: SmsProfile; messageId: string },
  ): Promise<string> {
    const next = (await deps.patients.getPatientSummary(clinicId, context.patientId)).nextAppointment;
    const call = context.profile.phoneNumber ? `, or call ${context.profile.phoneNumber}` : '';
    if (!next) return `We can't find an upcoming appointment for this number. Text us what you need${call}.`;
    const when = formatDayAndTime(new Date(next.startsAt), context.profile.timezone).label;
    const actor = { type: 'patient' as const };
    if (kind === 'confirm_appointment') {
      await deps.scheduling.confirm(clinicId, next.id, actor);
      return `Thank you, your ${next.serviceName} on ${when} is confirmed. See you then!`;
    }
    if (kind === 'cancel_appointment') {
      await deps.scheduling.cancel(clinicId, next.id, actor);
      return `Your ${next.serviceName} on ${when} is cancelled. Text us any time to book again.`;
    }
    if (next.status !== 'pending_reschedule') await deps.scheduling.setStatus(clinicId, next.id, 'pending_reschedule', actor);
    // The engine offers the free times for the same treatment and moves the appointment on the pick.
    const output = await deps.engine.respond({
      clinicId,
      channel: 'sms',
      text: `I'd like to reschedule my ${next.serviceName}`,
      history: [],
      patientPhone: context.phone,
      isDryRun: false,
      idempotencyScope: `sms:${context.messageId}`,
    });
    return output.reply;
  }

  return {
    /**
     * Stores an inbound text once (its MessageSid is unique: concurrent retries insert one row)
     * and queues its answer in the same transaction. Returns quickly: Twilio waits 15 s at most.
     */
    async recordInbound(sms: InboundSms): Promise<'stored' | 'duplicate' | 'unknown_number'> {
      const { rows: numbers } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM clinic_phone_numbers WHERE e164 = $1', [sms.to]);
      const clinicId = numbers[0]?.clinic_id;
      if (!clinicId) return 'unknown_number';
      const messageId = await deps.db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO messages (clinic_id, direction, kind, from_number, to_number, body, status, provider_sid, segments)
           VALUES ($1, 'inbound', 'conversation', $2, $3, $4, 'received', $5, $6)
           ON CONFLICT (provider_sid) DO NOTHING RETURNING id`,
          [clinicId, sms.from, sms.to, sms.body, sms.messageSid, smsLength(sms.body).segments],
        );
        const created = inserted.rows[0];
        if (!created) return undefined;
        await deps.queue.enqueue(
          'sms.inbound',
          { clinicId, messageId: created.id, ...(sms.optOutType ? { optOutType: sms.optOutType } : {}) },
          { uniqueKey: `sms.inbound:${created.id}`, clinicId, tx },
        );
        return created.id;
      });
      if (!messageId) return 'duplicate';
      await deps.events.publish({ clinicId, type: 'sms.received', data: { messageId, from: sms.from, to: sms.to, body: sms.body, status: 'received' } });
      return 'stored';
    },

    /**
     * The `sms.inbound` job: keywords before anything else (opt-out, opt-in, help, appointment
     * replies), then the conversation engine with the patient's recent history. The answer goes
     * out through the outbox keyed by the inbound message, so a retried job answers once.
     */
    async runInboundJob(payload: SmsInboundPayload): Promise<void> {
      const { clinicId, messageId } = payload;
      const { rows } = await deps.db.query<{ from_number: string; body: string }>(
        `SELECT from_number, body FROM messages WHERE clinic_id = $1 AND id = $2 AND direction = 'inbound'`,
        [clinicId, messageId],
      );
      const message = rows[0];
      if (!message) return;
      const profile = await deps.smsProfile(clinicId);
      const patient = await deps.patients.findOrCreateByPhone(clinicId, message.from_number).catch((error: unknown) => {
        // A sender that is no phone number (an alphanumeric ID, a short code) cannot be a patient or be answered.
        if (error instanceof AppError && error.code === 'INVALID_INPUT') throw new PermanentJobError('inbound text from a sender that is not a phone number', { cause: error });
        throw error;
      });
      await deps.db.query('UPDATE messages SET patient_id = $3 WHERE clinic_id = $1 AND id = $2 AND patient_id IS NULL', [clinicId, messageId, patient.id]);

      const keyword = classifySmsKeyword(message.body, { isOptedOut: patient.smsOptedOut });
      let reply: { body: string; bypassOptOut: boolean } | undefined;
      if (keyword) {
        reply = await answerKeyword(clinicId, keyword, { patientId: patient.id, phone: message.from_number, optOutType: payload.optOutType, profile, messageId });
      } else {
        const output = await deps.engine.respond({
          clinicId,
          channel: 'sms',
          text: message.body,
          history: await historyWith(clinicId, message.from_number, messageId),
          patientPhone: message.from_number,
          isDryRun: false,
          idempotencyScope: `sms:${messageId}`,
        });
        reply = { body: output.reply, bypassOptOut: false };
      }
      if (!reply) return;
      await deps.messaging.queueOutbound(clinicId, {
        to: message.from_number,
        body: reply.body,
        kind: keyword?.kind === 'opt_out' || keyword?.kind === 'opt_in' || keyword?.kind === 'help' ? 'system' : 'conversation',
        idempotencyKey: `reply:${messageId}`,
        patientId: patient.id,
        isReply: true,
        bypassOptOut: reply.bypassOptOut,
      });
    },
  };
}

export type SmsInboundService = ReturnType<typeof createSmsInboundService>;
