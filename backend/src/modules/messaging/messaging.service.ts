import type { Db, Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/keyset-cursor';
import type { EventPublisher } from '../../platform/events/domain-events';
import { DeferJobError, PermanentJobError } from '../../platform/jobs/job-failure';
import type { JobQueue } from '../../platform/jobs/job-queue';
import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import type { JobCatalog } from '../../services';
import type { PatientsService } from '../patients/patients.service';
import type { SmsSendPayload } from './messaging.jobs';
import { quietHoursRelease } from './quiet-hours';
import { OPTED_OUT_ERROR_CODE, SmsSendError, type OutboundSms, type ProviderMessage, type SmsSender } from './sms-sender';
import { fitSms, smsLength } from './sms-segments';
import { smsStatusAdvances } from './sms-status';
import type { SmsProfile } from './sms-profile';

export type OutboundKind = 'conversation' | 'staff' | 'confirmation' | 'reminder' | 'alert' | 'system';

export type OutboundMessage = {
  to: string;
  body: string;
  kind: OutboundKind;
  /** One text per key and clinic, however often or concurrently it is queued. */
  idempotencyKey: string;
  patientId?: string;
  /**
   * An answer to something the patient just did (a text, a call, a booking): goes out at once.
   * Without it, reminders, confirmations and system texts wait out the clinic's quiet hours.
   */
  isReply?: boolean;
  /** The opt-out confirmation: the one text a number that opted out still gets. */
  bypassOptOut?: boolean;
  /** Segment budget; automated texts are short. */
  maxSegments?: number;
};

export type MessageDto = {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  from: string;
  to: string;
  body: string;
  status: string;
  providerSid: string | null;
  errorCode: string | null;
  segments: number | null;
  patientId: string | null;
  createdAt: string;
};

type MessageRow = {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  from_number: string;
  to_number: string;
  body: string;
  status: string;
  provider_sid: string | null;
  error_code: string | null;
  segments: number | null;
  patient_id: string | null;
  created_at: Date;
};

export const MESSAGE_COLUMNS = 'id, direction, kind, from_number, to_number, body, status, provider_sid, error_code, segments, patient_id, created_at';

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    status: row.status,
    providerSid: row.provider_sid,
    errorCode: row.error_code,
    segments: row.segments,
    patientId: row.patient_id,
    createdAt: row.created_at.toISOString(),
  };
}

const DEFAULT_MAX_SEGMENTS = 3;
// Kinds written to patients on the clinic's initiative; quiet hours apply unless it is a reply.
const AUTOMATED_KINDS: ReadonlySet<OutboundKind> = new Set(['confirmation', 'reminder', 'system']);
// Statuses after which a message is settled: reconciliation leaves them alone.
const UNSETTLED = ['queued', 'sending', 'sent'];
const RECONCILE_AFTER_MS = 15 * 60_000;
const RECONCILE_WINDOW_MS = 3 * 86_400_000;
const RECONCILE_BATCH = 100;

export type StatusCallback = { messageSid: string; status: string; errorCode: string | null; raw: Record<string, string> };

type SendRow = {
  clinic_id: string;
  to_number: string;
  from_number: string;
  body: string;
  status: string;
  kind: OutboundKind;
  provider_sid: string | null;
  send_started_at: Date | null;
  bypass_opt_out: boolean;
  is_automated: boolean;
  opted_out: boolean;
};

/**
 * Outbound SMS through a durable outbox (ARCHITECTURE "Outbound SMS"): a `messages` row with a
 * unique idempotency key and an `sms.send` job commit together; the job sends once, records the
 * provider's SID, and status callbacks move the status forward only.
 */
export function createMessagingService(deps: {
  db: Db;
  queue: Pick<JobQueue<JobCatalog>, 'enqueue'>;
  sender: SmsSender;
  events: EventPublisher;
  logger: Logger;
  clock: Clock;
  smsProfile: (clinicId: string) => Promise<SmsProfile>;
  /** Where Twilio posts status callbacks (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  patients: Pick<PatientsService, 'findByPhone' | 'setSmsOptOut'>;
}) {
  const statusCallbackFor = (messageId: string) => `${deps.publicBaseUrl}/webhooks/twilio/sms-status?messageId=${messageId}`;

  async function publishStatus(clinicId: string, messageId: string, status: string): Promise<void> {
    await deps.events.publish({ clinicId, type: 'sms.status', data: { messageId, status } });
  }

  /** Moves the message to `next` if that is forward (compare-and-set, so concurrent callbacks settle). */
  async function advanceStatus(executor: Queryable, messageId: string, next: string, errorCode: string | null): Promise<boolean> {
    for (let round = 0; round < 5; round += 1) {
      const { rows } = await executor.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [messageId]);
      const current = rows[0]?.status;
      if (current === undefined || !smsStatusAdvances(current, next)) return false;
      const updated = await executor.query(
        `UPDATE messages SET status = $3, error_code = COALESCE($4, error_code), updated_at = now() WHERE id = $1 AND status = $2`,
        [messageId, current, next, errorCode],
      );
      if (updated.rowCount === 1) return true;
    }
    return false;
  }

  /** Records what the provider said about a message we handed it (SID, first status). */
  async function recordAccepted(clinicId: string, messageId: string, accepted: ProviderMessage): Promise<void> {
    const status = accepted.status === 'accepted' || accepted.status === 'scheduled' ? 'queued' : accepted.status;
    const { rowCount } = await deps.db.query(
      `UPDATE messages SET provider_sid = $2, status = CASE WHEN status = 'queued' THEN $3 ELSE status END,
              sent_at = COALESCE(sent_at, $4), updated_at = now()
        WHERE id = $1 AND provider_sid IS NULL`,
      [messageId, accepted.sid, status, deps.clock.now()],
    );
    if (rowCount !== 1) return;
    await deps.db.query(`INSERT INTO message_status_events (clinic_id, message_id, status, raw) VALUES ($1, $2, $3, '{"source":"send"}')`, [
      clinicId,
      messageId,
      status,
    ]);
    await deps.events.publish({ clinicId, type: 'sms.sent', data: { messageId, status, providerSid: accepted.sid } });
  }

  async function failPermanently(row: SendRow, messageId: string, error: SmsSendError): Promise<never> {
    const isOptOut = error.code === OPTED_OUT_ERROR_CODE;
    const status = isOptOut ? 'blocked_opted_out' : 'failed';
    await deps.db.query(`UPDATE messages SET status = $2, error_code = $3, send_started_at = NULL, updated_at = now() WHERE id = $1`, [
      messageId,
      status,
      error.code,
    ]);
    if (isOptOut) await deps.patients.setSmsOptOut(row.clinic_id, row.to_number, true);
    await publishStatus(row.clinic_id, messageId, status);
    throw new PermanentJobError(error.message, { cause: error });
  }

  return {
    /** Queues a text; the same idempotency key never queues a second one. Returns the message id. */
    async queueOutbound(clinicId: string, message: OutboundMessage): Promise<string> {
      // Read before the transaction: it holds the embedded database's one session for each of its round trips.
      const profile = await deps.smsProfile(clinicId);
      const body = fitSms(message.body, message.maxSegments ?? DEFAULT_MAX_SEGMENTS);
      const now = deps.clock.now();
      const isAutomated = AUTOMATED_KINDS.has(message.kind) && !message.isReply;
      const sendAfter = isAutomated ? quietHoursRelease(now, profile.timezone) : now;
      const key = `${clinicId}:${message.idempotencyKey}`;
      return deps.db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO messages (clinic_id, patient_id, direction, kind, from_number, to_number, body, status, idempotency_key,
                                 bypass_opt_out, segments, is_automated, send_after)
           VALUES ($1, $2, 'outbound', $3, $4, $5, $6, 'queued', $7, $8, $9, $10, $11)
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
          [
            clinicId,
            message.patientId ?? null,
            message.kind,
            profile.phoneNumber ?? 'voxanne',
            message.to,
            body,
            key,
            message.bypassOptOut ?? false,
            smsLength(body).segments,
            isAutomated,
            sendAfter.getTime() > now.getTime() ? sendAfter : null,
          ],
        );
        const created = inserted.rows[0];
        if (!created) {
          const { rows } = await tx.query<{ id: string }>('SELECT id FROM messages WHERE idempotency_key = $1', [key]);
          return rows[0]!.id;
        }
        await deps.queue.enqueue('sms.send', { clinicId, messageId: created.id }, { uniqueKey: `sms.send:${created.id}`, clinicId, tx, runAt: sendAfter });
        return created.id;
      });
    },

    /**
     * The `sms.send` job. Sends a queued message once: opted-out numbers are blocked, automated
     * texts wait out quiet hours, and an earlier attempt that may have reached the provider
     * (marked by `send_started_at`, no SID) is looked up there instead of sent again.
     */
    async runSendJob(payload: SmsSendPayload): Promise<void> {
      const { rows } = await deps.db.query<SendRow>(
        `SELECT m.clinic_id, m.to_number, m.from_number, m.body, m.status, m.kind, m.provider_sid, m.send_started_at,
                m.bypass_opt_out, m.is_automated,
                EXISTS (SELECT 1 FROM patients p WHERE p.clinic_id = m.clinic_id AND p.phone_e164 = m.to_number
                          AND p.sms_opted_out_at IS NOT NULL) AS opted_out
           FROM messages m WHERE m.clinic_id = $1 AND m.id = $2`,
        [payload.clinicId, payload.messageId],
      );
      const row = rows[0];
      if (!row || row.status !== 'queued' || row.provider_sid !== null) return;
      if (row.opted_out && !row.bypass_opt_out) {
        await deps.db.query(`UPDATE messages SET status = 'blocked_opted_out', updated_at = now() WHERE id = $1 AND status = 'queued'`, [payload.messageId]);
        await publishStatus(payload.clinicId, payload.messageId, 'blocked_opted_out');
        return;
      }
      if (row.is_automated && row.send_started_at === null) {
        const now = deps.clock.now();
        const release = quietHoursRelease(now, (await deps.smsProfile(payload.clinicId)).timezone);
        // A retry or a late worker must not text a patient at night either.
        if (release > now) throw new DeferJobError(release, 'quiet hours');
      }
      const outbound: OutboundSms = { to: row.to_number, from: row.from_number, body: row.body, statusCallback: statusCallbackFor(payload.messageId) };
      if (row.send_started_at !== null) {
        const found = await deps.sender.findSent(outbound, row.send_started_at);
        if (found) {
          deps.logger.info('sms found at the provider after an interrupted send; not sending again', { messageId: payload.messageId });
          await recordAccepted(payload.clinicId, payload.messageId, found);
          return;
        }
      }
      await deps.db.query(`UPDATE messages SET send_started_at = $2, updated_at = now() WHERE id = $1`, [payload.messageId, deps.clock.now()]);
      let accepted: ProviderMessage;
      try {
        accepted = await deps.sender.send(outbound);
      } catch (error) {
        if (!(error instanceof SmsSendError)) throw error;
        // The provider answered, so it has no message: the next attempt may send without a lookup.
        if (error.isNotSent) await deps.db.query('UPDATE messages SET send_started_at = NULL WHERE id = $1', [payload.messageId]);
        if (error.isPermanent) return failPermanently(row, payload.messageId, error);
        throw error;
      }
      await recordAccepted(payload.clinicId, payload.messageId, accepted);
      deps.logger.info('sms sent', { messageId: payload.messageId, sender: deps.sender.name, kind: row.kind });
    },

    /**
     * A status callback: kept in the history whatever it says; the current status moves forward
     * only. `messageIdHint` (our callback URL's query) matches a callback that overtook the
     * recording of the SID. 21610 means the number opted out at the carrier: recorded as such.
     */
    async applyStatusCallback(callback: StatusCallback, messageIdHint: string | undefined): Promise<'applied' | 'kept' | 'unknown'> {
      const { rows } = await deps.db.query<{ id: string; clinic_id: string; to_number: string; provider_sid: string | null }>(
        `SELECT id, clinic_id, to_number, provider_sid FROM messages
          WHERE provider_sid = $1 OR (id = $2::uuid AND direction = 'outbound' AND provider_sid IS NULL)
          ORDER BY (provider_sid = $1) DESC NULLS LAST LIMIT 1`,
        [callback.messageSid, messageIdHint ?? null],
      );
      const message = rows[0];
      if (!message) return 'unknown';
      if (message.provider_sid === null) {
        await deps.db.query('UPDATE messages SET provider_sid = $2, updated_at = now() WHERE id = $1 AND provider_sid IS NULL', [message.id, callback.messageSid]);
      }
      await deps.db.query(
        `INSERT INTO message_status_events (clinic_id, message_id, status, error_code, raw) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [message.clinic_id, message.id, callback.status, callback.errorCode, JSON.stringify(callback.raw)],
      );
      if (callback.errorCode === OPTED_OUT_ERROR_CODE) await deps.patients.setSmsOptOut(message.clinic_id, message.to_number, true);
      const isAdvanced = await advanceStatus(deps.db, message.id, callback.status, callback.errorCode);
      if (isAdvanced) await publishStatus(message.clinic_id, message.id, callback.status);
      return isAdvanced ? 'applied' : 'kept';
    },

    /**
     * The `sms.reconcile` job: texts handed to the provider whose final status never arrived
     * (lost callbacks) are fetched from the provider and settled. Local outbox messages have
     * nothing to fetch.
     */
    async reconcile(): Promise<{ checked: number; updated: number }> {
      const now = deps.clock.now().getTime();
      const { rows } = await deps.db.query<{ id: string; clinic_id: string; provider_sid: string }>(
        `SELECT id, clinic_id, provider_sid FROM messages
          WHERE direction = 'outbound' AND status = ANY($1) AND provider_sid IS NOT NULL
            AND updated_at < $2 AND updated_at > $3
          ORDER BY updated_at LIMIT $4`,
        [UNSETTLED, new Date(now - RECONCILE_AFTER_MS), new Date(now - RECONCILE_WINDOW_MS), RECONCILE_BATCH],
      );
      let updated = 0;
      for (const row of rows) {
        const remote = await deps.sender.fetch(row.provider_sid);
        if (!remote) continue;
        const result = await this.applyStatusCallback(
          { messageSid: row.provider_sid, status: remote.status, errorCode: remote.errorCode, raw: { source: 'reconcile', MessageStatus: remote.status } },
          undefined,
        );
        if (result === 'applied') updated += 1;
      }
      return { checked: rows.length, updated };
    },

    /** A text from the dashboard; 409 OPTED_OUT for a number that opted out (nothing is queued). */
    async sendFromStaff(clinicId: string, message: { to: string; body: string; idempotencyKey: string }): Promise<MessageDto> {
      const patient = await deps.patients.findByPhone(clinicId, message.to);
      if (patient?.smsOptedOut) throw new AppError('OPTED_OUT', 'This number has opted out of texts (they replied STOP); they must text START first');
      const id = await this.queueOutbound(clinicId, {
        to: message.to,
        body: message.body,
        kind: 'staff',
        idempotencyKey: `staff:${message.idempotencyKey}`,
        ...(patient ? { patientId: patient.id } : {}),
        maxSegments: 10,
      });
      return (await this.getMessage(clinicId, id))!;
    },

    async getMessage(clinicId: string, messageId: string): Promise<MessageDto | undefined> {
      const { rows } = await deps.db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE clinic_id = $1 AND id = $2`, [clinicId, messageId]);
      return rows[0] ? toMessageDto(rows[0]) : undefined;
    },

    /** Newest first; `phone` (E.164) narrows to one patient's thread, both directions. */
    async listMessages(clinicId: string, query: { phone?: string; limit: number; cursor?: string }): Promise<{ items: MessageDto[]; nextCursor: string | null }> {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const { rows } = await deps.db.query<MessageRow & { created_at_key: string }>(
        `SELECT ${MESSAGE_COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key
           FROM messages
          WHERE clinic_id = $1 AND ($2::text IS NULL OR patient_number = $2)
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC LIMIT $5`,
        [clinicId, query.phone ?? null, after?.createdAtKey ?? null, after?.id ?? null, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toMessageDto),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAtKey: last.created_at_key, id: last.id }) : null,
      };
    },

  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
