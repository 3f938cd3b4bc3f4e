import type { Queryable } from '../db';

export type WebhookProvider = 'vapi' | 'twilio';

/**
 * The inbox every provider webhook records into (verify → record → acknowledge → work). The
 * unique (provider, idempotency key) makes the record the gate: inside the transaction that also
 * applies the event's effect, only the first delivery inserts; a concurrent duplicate waits for
 * it to commit and then finds the key taken, so the effect happens exactly once.
 */
export async function recordWebhookEvent(
  tx: Queryable,
  event: { provider: WebhookProvider; idempotencyKey: string; eventType: string; clinicId: string | null; payload: unknown; receivedAt: Date },
): Promise<{ isFirstDelivery: boolean }> {
  const { rows } = await tx.query(
    `INSERT INTO webhook_events (provider, idempotency_key, event_type, clinic_id, payload, received_at, processed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (provider, idempotency_key) DO NOTHING
     RETURNING id`,
    [event.provider, event.idempotencyKey, event.eventType, event.clinicId, JSON.stringify(event.payload), event.receivedAt],
  );
  return { isFirstDelivery: rows.length > 0 };
}
