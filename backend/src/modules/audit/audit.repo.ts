import type { Queryable } from '../../platform/db';

export type AuditEntry = {
  clinicId: string | null;
  actor: { type: 'user'; userId: string } | { type: 'system' | 'patient' | 'provider' };
  action: string;
  entity?: { type: string; id: string };
  data?: Record<string, unknown>;
};

/** Appends to the audit log; pass the transaction of the change so both commit together. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (clinic_id, actor_type, actor_user_id, action, entity_type, entity_id, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.clinicId,
      entry.actor.type,
      entry.actor.type === 'user' ? entry.actor.userId : null,
      entry.action,
      entry.entity?.type ?? null,
      entry.entity?.id ?? null,
      JSON.stringify(entry.data ?? {}),
    ],
  );
}
