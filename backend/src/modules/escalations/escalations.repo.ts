import type { Queryable } from '../../platform/db';
import type { AuditEntry } from '../audit/audit.repo';
import type { PageKey } from '../../platform/http/keyset-cursor';
import type { EscalationChannel, EscalationKind, EscalationSeverity, EscalationStatus } from './escalations.schemas';

export type EscalationRecord = {
  id: string;
  clinicId: string;
  kind: EscalationKind;
  severity: EscalationSeverity;
  status: EscalationStatus;
  channel: EscalationChannel;
  summary: string;
  patientId: string | null;
  callId: string | null;
  messageId: string | null;
  assigneeUserId: string | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** `created_at` at full (microsecond) precision, for keyset pagination. */
  createdAtKey: string;
  /** Whom staff call back: the linked patient, else the number the call came from. */
  contact: { name: string | null; phone: string } | null;
};

export type EscalationInsert = {
  kind: EscalationKind;
  severity: EscalationSeverity;
  channel: EscalationChannel;
  summary: string;
  patientId: string | null;
  callId: string | null;
  messageId: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
};


type EscalationRow = {
  id: string;
  clinic_id: string;
  kind: EscalationKind;
  severity: EscalationSeverity;
  status: EscalationStatus;
  channel: EscalationChannel;
  summary: string;
  patient_id: string | null;
  call_id: string | null;
  message_id: string | null;
  assignee_user_id: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
  created_at_key: string;
  contact_name: string | null;
  contact_phone: string | null;
};

const COLUMNS = `id, clinic_id, kind, severity, status, channel, summary, patient_id, call_id, message_id,
  assignee_user_id, acknowledged_at, resolved_at, created_at, updated_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  (SELECT p.name FROM patients p WHERE p.clinic_id = escalations.clinic_id AND p.id = escalations.patient_id) AS contact_name,
  COALESCE(
    (SELECT p.phone_e164 FROM patients p WHERE p.clinic_id = escalations.clinic_id AND p.id = escalations.patient_id),
    (SELECT c.from_number FROM calls c WHERE c.clinic_id = escalations.clinic_id AND c.id = escalations.call_id)
  ) AS contact_phone`;

function toRecord(row: EscalationRow): EscalationRecord {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    channel: row.channel,
    summary: row.summary,
    patientId: row.patient_id,
    callId: row.call_id,
    messageId: row.message_id,
    assigneeUserId: row.assignee_user_id,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdAtKey: row.created_at_key,
    contact: row.contact_phone ? { name: row.contact_name, phone: row.contact_phone } : null,
  };
}

export function createEscalationsRepo(db: Queryable) {
  return {
    /**
     * Inserts the escalation and its `escalation.created` audit entry in one statement (atomic
     * without a transaction, so on the embedded database it holds the shared session only while
     * it runs — emergencies escalate in the middle of live calls). Undefined when the
     * idempotency key is taken: ON CONFLICT waited for its holder to commit, so a following
     * read sees it. The audit row has the columns `recordAudit` (audit.repo) writes.
     */
    async insertAuditedUnlessDuplicate(
      clinicId: string,
      escalation: EscalationInsert,
      actor: AuditEntry['actor'],
    ): Promise<EscalationRecord | undefined> {
      const { rows } = await db.query<EscalationRow>(
        `WITH inserted AS (
           INSERT INTO escalations
             (clinic_id, kind, severity, channel, summary, patient_id, call_id, message_id, idempotency_key, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING ${COLUMNS}
         ), audited AS (
           INSERT INTO audit_log (clinic_id, actor_type, actor_user_id, action, entity_type, entity_id, data)
           SELECT clinic_id, $11, $12, 'escalation.created', 'escalation', id,
                  jsonb_build_object('kind', kind, 'severity', severity, 'channel', channel)
             FROM inserted
         )
         SELECT * FROM inserted`,
        [
          clinicId,
          escalation.kind,
          escalation.severity,
          escalation.channel,
          escalation.summary,
          escalation.patientId,
          escalation.callId,
          escalation.messageId,
          escalation.idempotencyKey,
          escalation.createdAt,
          actor.type,
          actor.type === 'user' ? actor.userId : null,
        ],
      );
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    async findByIdempotencyKey(clinicId: string, idempotencyKey: string): Promise<EscalationRecord | undefined> {
      const { rows } = await db.query<EscalationRow>(
        `SELECT ${COLUMNS} FROM escalations WHERE clinic_id = $1 AND idempotency_key = $2`,
        [clinicId, idempotencyKey],
      );
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    /** With `forUpdate`, locks the row for the rest of the transaction. */
    async findById(clinicId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<EscalationRecord | undefined> {
      const { rows } = await db.query<EscalationRow>(
        `SELECT ${COLUMNS} FROM escalations WHERE clinic_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [clinicId, id],
      );
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    /** Newest first; `after` continues below the last row of the previous page. */
    async list(
      clinicId: string,
      options: { status?: EscalationStatus; limit: number; after?: PageKey },
    ): Promise<EscalationRecord[]> {
      const { rows } = await db.query<EscalationRow>(
        `SELECT ${COLUMNS} FROM escalations
          WHERE clinic_id = $1
            AND ($2::text IS NULL OR status = $2::text)
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC
          LIMIT $5`,
        [clinicId, options.status ?? null, options.after?.createdAtKey ?? null, options.after?.id ?? null, options.limit],
      );
      return rows.map(toRecord);
    },

    async update(
      clinicId: string,
      id: string,
      changes: {
        status: EscalationStatus;
        assigneeUserId: string | null;
        acknowledgedAt: Date | null;
        resolvedAt: Date | null;
        updatedAt: Date;
      },
    ): Promise<EscalationRecord> {
      const { rows } = await db.query<EscalationRow>(
        `UPDATE escalations
            SET status = $3, assignee_user_id = $4, acknowledged_at = $5, resolved_at = $6, updated_at = $7
          WHERE clinic_id = $1 AND id = $2
          RETURNING ${COLUMNS}`,
        [clinicId, id, changes.status, changes.assigneeUserId, changes.acknowledgedAt, changes.resolvedAt, changes.updatedAt],
      );
      const row = rows[0];
      if (!row) throw new Error(`escalation ${id} vanished while locked`);
      return toRecord(row);
    },

    async isClinicMember(clinicId: string, userId: string): Promise<boolean> {
      const { rows } = await db.query('SELECT 1 FROM memberships WHERE clinic_id = $1 AND user_id = $2', [clinicId, userId]);
      return rows.length > 0;
    },
  };
}

export type EscalationsRepo = ReturnType<typeof createEscalationsRepo>;
