import type { Queryable } from '../../platform/db';

export type StoredSyncStatus = 'disabled' | 'pending' | 'synced' | 'failed';

export type VapiSyncRecord = {
  clinicId: string;
  assistantId: string | null;
  status: StoredSyncStatus;
  settingsRevision: number;
  syncedRevision: number | null;
  lastSyncedAt: Date | null;
  lastError: string | null;
};

type SyncRow = {
  clinic_id: string;
  assistant_id: string | null;
  status: StoredSyncStatus;
  settings_revision: string;
  synced_revision: string | null;
  last_synced_at: Date | null;
  last_error: string | null;
};

function toRecord(row: SyncRow): VapiSyncRecord {
  return {
    clinicId: row.clinic_id,
    assistantId: row.assistant_id,
    status: row.status,
    settingsRevision: Number(row.settings_revision),
    syncedRevision: row.synced_revision === null ? null : Number(row.synced_revision),
    lastSyncedAt: row.last_synced_at,
    lastError: row.last_error,
  };
}

export function createVapiSyncRepo(db: Queryable) {
  return {
    async find(clinicId: string): Promise<VapiSyncRecord | undefined> {
      const { rows } = await db.query<SyncRow>('SELECT * FROM vapi_assistant_syncs WHERE clinic_id = $1', [clinicId]);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    /** A save happened: a new revision to push (`pending`), or to skip when Vapi is not configured. */
    async recordSettingsChange(clinicId: string, status: 'pending' | 'disabled', now: Date): Promise<number> {
      const { rows } = await db.query<{ settings_revision: string }>(
        `INSERT INTO vapi_assistant_syncs (clinic_id, status, settings_revision, updated_at)
         VALUES ($1, $2, 1, $3)
         ON CONFLICT (clinic_id) DO UPDATE
           SET status = EXCLUDED.status,
               settings_revision = vapi_assistant_syncs.settings_revision + 1,
               updated_at = EXCLUDED.updated_at
         RETURNING settings_revision`,
        [clinicId, status, now],
      );
      return Number(rows[0]!.settings_revision);
    },

    /** Kept as soon as Vapi created it, so a retry updates that assistant instead of creating another. */
    async recordAssistantId(clinicId: string, assistantId: string, now: Date): Promise<void> {
      await db.query(
        `INSERT INTO vapi_assistant_syncs (clinic_id, assistant_id, status, updated_at) VALUES ($1, $2, 'pending', $3)
         ON CONFLICT (clinic_id) DO UPDATE SET assistant_id = EXCLUDED.assistant_id, updated_at = EXCLUDED.updated_at`,
        [clinicId, assistantId, now],
      );
    },

    /** False when a newer save arrived while this revision was being pushed. */
    async markSynced(clinicId: string, revision: number, now: Date): Promise<boolean> {
      const result = await db.query(
        `UPDATE vapi_assistant_syncs
            SET status = 'synced', synced_revision = $2, last_synced_at = $3, last_error = NULL, updated_at = $3
          WHERE clinic_id = $1 AND settings_revision = $2`,
        [clinicId, revision, now],
      );
      return result.rowCount === 1;
    },

    async markFailed(clinicId: string, error: string, now: Date): Promise<void> {
      await db.query(
        `UPDATE vapi_assistant_syncs SET status = 'failed', last_error = $2, updated_at = $3 WHERE clinic_id = $1`,
        [clinicId, error, now],
      );
    },

    async listVapiPhoneNumberIds(clinicId: string): Promise<string[]> {
      const { rows } = await db.query<{ vapi_phone_number_id: string }>(
        `SELECT vapi_phone_number_id FROM clinic_phone_numbers
          WHERE clinic_id = $1 AND vapi_phone_number_id IS NOT NULL ORDER BY e164`,
        [clinicId],
      );
      return rows.map((row) => row.vapi_phone_number_id);
    },
  };
}

export type VapiSyncRepo = ReturnType<typeof createVapiSyncRepo>;
