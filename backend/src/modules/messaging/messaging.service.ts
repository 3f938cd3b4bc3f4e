import type { Db, Queryable } from '../../platform/db';
import type { EventPublisher } from '../../platform/events/domain-events';
import type { Logger } from '../../platform/logger';
import type { SmsSendPayload } from './messaging.jobs';
import type { SmsSender } from './sms-sender';

export type OutboundKind = 'conversation' | 'staff' | 'confirmation' | 'reminder' | 'alert' | 'system';

type SmsQueue = {
  enqueue(kind: 'sms.send', payload: SmsSendPayload, options: { uniqueKey: string; clinicId: string; tx?: Queryable }): Promise<unknown>;
};

/**
 * Outbound SMS through a durable outbox: a `messages` row with a unique idempotency key and an
 * `sms.send` job commit together, and the job sends once and records the provider's SID.
 */
export function createMessagingService(deps: { db: Db; queue: SmsQueue; sender: SmsSender; events: EventPublisher; logger: Logger }) {
  return {
    /** Queues a text; the same idempotency key never queues a second one. Returns the message id. */
    async queueOutbound(
      clinicId: string,
      message: { to: string; body: string; kind: OutboundKind; idempotencyKey: string; patientId?: string },
    ): Promise<string> {
      // Read before the transaction: it holds the embedded database's one session for each of its round trips.
      const { rows: numbers } = await deps.db.query<{ e164: string }>(
        'SELECT e164 FROM clinic_phone_numbers WHERE clinic_id = $1 ORDER BY created_at LIMIT 1',
        [clinicId],
      );
      const from = numbers[0]?.e164 ?? 'voxanne';
      return deps.db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO messages (clinic_id, patient_id, direction, kind, from_number, to_number, body, status, idempotency_key)
           VALUES ($1, $2, 'outbound', $3, $4, $5, $6, 'queued', $7)
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
          [clinicId, message.patientId ?? null, message.kind, from, message.to, message.body, `${clinicId}:${message.idempotencyKey}`],
        );
        const created = inserted.rows[0];
        if (!created) {
          const { rows } = await tx.query<{ id: string }>('SELECT id FROM messages WHERE idempotency_key = $1', [`${clinicId}:${message.idempotencyKey}`]);
          return rows[0]!.id;
        }
        await deps.queue.enqueue('sms.send', { clinicId, messageId: created.id }, { uniqueKey: `sms.send:${created.id}`, clinicId, tx });
        return created.id;
      });
    },

    /** The `sms.send` job: sends a queued message once, unless the patient has opted out. */
    async runSendJob(payload: SmsSendPayload): Promise<void> {
      const { rows } = await deps.db.query<{ to_number: string; from_number: string; body: string; status: string; opted_out: boolean }>(
        `SELECT m.to_number, m.from_number, m.body, m.status, (p.sms_opted_out_at IS NOT NULL) AS opted_out
           FROM messages m LEFT JOIN patients p ON p.clinic_id = m.clinic_id AND p.id = m.patient_id
          WHERE m.clinic_id = $1 AND m.id = $2`,
        [payload.clinicId, payload.messageId],
      );
      const message = rows[0];
      if (!message || message.status !== 'queued') return;
      if (message.opted_out) {
        await deps.db.query(`UPDATE messages SET status = 'blocked_opted_out', updated_at = now() WHERE id = $1`, [payload.messageId]);
        return;
      }
      const { sid } = await deps.sender.send({ to: message.to_number, from: message.from_number, body: message.body });
      await deps.db.query(
        `UPDATE messages SET status = 'sent', provider_sid = $2, sent_at = now(), updated_at = now() WHERE id = $1 AND status = 'queued'`,
        [payload.messageId, sid],
      );
      await deps.events.publish({
        clinicId: payload.clinicId,
        type: 'sms.sent',
        data: { messageId: payload.messageId, to: message.to_number, status: 'sent', providerSid: sid },
      });
      deps.logger.info('sms sent', { messageId: payload.messageId, sender: deps.sender.name });
    },
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
