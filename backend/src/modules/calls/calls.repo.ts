import type { Queryable } from '../../platform/db';
import type { CallFacts, CallOutcome } from './call-outcome';

/**
 * The write side of calls: a row per provider call created by whichever event arrives first and
 * completed by the others, so that any arrival order ends in the same call. Statuses only move
 * forward, final transcript segments are kept in spoken order, and the report's facts win.
 */
export type CallProvider = 'vapi' | 'twilio' | 'web';

/** The call's row as an upsert leaves it (locked until the transaction ends), and whether it was created. */
export type CallRef = CallRow & { isNew: boolean };

export type CallRow = {
  id: string;
  clinicId: string;
  status: string;
  statusAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  outcome: string | null;
  reportReceivedAt: Date | null;
  emergencyAt: Date | null;
  fromNumber: string | null;
  patientId: string | null;
};

// The order a call's status moves through; a status never moves back to a lower rank.
const STATUS_RANK: Record<string, number> = {
  scheduled: 0,
  queued: 1,
  ringing: 2,
  'in-progress': 3,
  forwarding: 4,
  ended: 5,
  'not-found': 5,
};

export function statusRank(status: string): number {
  return STATUS_RANK[status] ?? 0;
}

/** Whether `next` (said at `nextAt`) replaces `current`: forward only; ties go to the newer report. */
export function isStatusAdvance(current: { status: string; statusAt: Date | null }, next: { status: string; at: Date | undefined }): boolean {
  const currentRank = statusRank(current.status);
  const nextRank = statusRank(next.status);
  if (nextRank !== currentRank) return nextRank > currentRank;
  if (next.status === current.status) return false;
  return next.at !== undefined && (current.statusAt === null || next.at > current.statusAt);
}

type CallDbRow = {
  id: string;
  clinic_id: string;
  status: string;
  status_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  outcome: string | null;
  report_received_at: Date | null;
  emergency_at: Date | null;
  from_number: string | null;
  patient_id: string | null;
};

function toCallRow(row: CallDbRow): CallRow {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    status: row.status,
    statusAt: row.status_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
    reportReceivedAt: row.report_received_at,
    emergencyAt: row.emergency_at,
    fromNumber: row.from_number,
    patientId: row.patient_id,
  };
}

const CALL_COLUMNS = 'id, clinic_id, status, status_at, started_at, ended_at, outcome, report_received_at, emergency_at, from_number, patient_id';

export function createCallsRepo(db: Queryable) {
  return {
    /**
     * The call's row, created if this is the first event of the call. Fields already known are
     * kept; missing ones are filled from this event. The caller's patient record is linked when
     * the clinic knows the number.
     */
    async upsertCall(input: {
      clinicId: string;
      provider: CallProvider;
      providerCallId: string;
      direction: 'inbound' | 'outbound' | 'web';
      fromNumber: string | undefined;
      toNumber: string | undefined;
      startedAt: Date | undefined;
    }): Promise<CallRef> {
      const { rows } = await db.query<CallDbRow & { is_new: boolean }>(
        `INSERT INTO calls (clinic_id, provider, provider_call_id, direction, from_number, to_number, started_at, patient_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM patients WHERE clinic_id = $1 AND phone_e164 = $5))
         ON CONFLICT (provider, provider_call_id) DO UPDATE SET
           from_number = coalesce(calls.from_number, EXCLUDED.from_number),
           to_number = coalesce(calls.to_number, EXCLUDED.to_number),
           started_at = coalesce(calls.started_at, EXCLUDED.started_at),
           patient_id = coalesce(calls.patient_id, EXCLUDED.patient_id),
           updated_at = now()
         RETURNING ${CALL_COLUMNS}, (xmax = 0) AS is_new`,
        [input.clinicId, input.provider, input.providerCallId, input.direction, input.fromNumber ?? null, input.toNumber ?? null, input.startedAt ?? null],
      );
      const row = rows[0]!;
      return { ...toCallRow(row), isNew: row.is_new };
    },

    async findByProviderId(provider: CallProvider, providerCallId: string): Promise<CallRow | undefined> {
      const { rows } = await db.query<CallDbRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE provider = $1 AND provider_call_id = $2`, [provider, providerCallId]);
      return rows[0] ? toCallRow(rows[0]) : undefined;
    },

    /** The row, locked until the transaction ends: events of one call apply one at a time. */
    async lockCall(callId: string): Promise<CallRow> {
      const { rows } = await db.query<CallDbRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE id = $1 FOR UPDATE`, [callId]);
      if (!rows[0]) throw new Error(`call ${callId} vanished inside its transaction`);
      return toCallRow(rows[0]);
    },

    async setStatus(callId: string, change: { status: string; at: Date | undefined; endedReason?: string | undefined; endedAt?: Date | undefined }): Promise<void> {
      await db.query(
        `UPDATE calls SET status = $2, status_at = coalesce($3, status_at),
           ended_reason = coalesce(ended_reason, $4), ended_at = coalesce(ended_at, $5), updated_at = now()
         WHERE id = $1`,
        [callId, change.status, change.at ?? null, change.endedReason ?? null, change.endedAt ?? null],
      );
    },

    /**
     * Stores a final utterance in spoken order: segments said later than this one move one place
     * down, so a late delivery lands where it belongs. Returns its sequence number.
     */
    async insertFinalSegment(input: { clinicId: string; callId: string; role: 'user' | 'assistant'; text: string; spokenAt: Date }): Promise<{ seq: number; count: number }> {
      const { rows } = await db.query<{ position: number; total: number }>(
        `SELECT count(*) FILTER (WHERE (spoken_at, role, text) <= ($2::timestamptz, $3::text, $4::text))::int AS position,
                count(*)::int AS total
           FROM transcript_segments WHERE call_id = $1`,
        [input.callId, input.spokenAt, input.role, input.text],
      );
      const { position, total } = rows[0]!;
      if (position < total) {
        // A late delivery: make room. Two steps, because a single `seq = seq + 1` can collide
        // with the unique (call_id, seq) halfway through the update.
        await db.query(`UPDATE transcript_segments SET seq = seq + 1000000 WHERE call_id = $1 AND seq >= $2`, [input.callId, position]);
        await db.query(`UPDATE transcript_segments SET seq = seq - 999999 WHERE call_id = $1 AND seq >= 1000000`, [input.callId]);
      }
      await db.query(
        `INSERT INTO transcript_segments (clinic_id, call_id, seq, role, text, is_final, spoken_at) VALUES ($1, $2, $3, $4, $5, true, $6)`,
        [input.clinicId, input.callId, position, input.role, input.text, input.spokenAt],
      );
      return { seq: position, count: total + 1 };
    },

    async countFinalSegments(callId: string): Promise<number> {
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM transcript_segments WHERE call_id = $1', [callId]);
      return rows[0]!.count;
    },

    /** Marks the call as an emergency; true only for the event that marked it first. */
    async markEmergency(callId: string, at: Date): Promise<boolean> {
      const result = await db.query('UPDATE calls SET emergency_at = $2, updated_at = now() WHERE id = $1 AND emergency_at IS NULL', [callId, at]);
      return (result.rowCount ?? 0) > 0;
    },

    async applyReport(
      callId: string,
      report: {
        endedReason: string | undefined;
        startedAt: Date | undefined;
        endedAt: Date | undefined;
        durationSeconds: number | undefined;
        cost: number | undefined;
        summary: string | undefined;
        recordingUrl: string | undefined;
        stereoRecordingUrl: string | undefined;
        analysis: Record<string, unknown>;
        receivedAt: Date;
      },
    ): Promise<void> {
      await db.query(
        `UPDATE calls SET
           ended_reason = coalesce($2, ended_reason),
           started_at = coalesce($3, started_at),
           ended_at = coalesce($4, ended_at),
           duration_seconds = coalesce($5, duration_seconds),
           cost = coalesce($6, cost),
           summary = coalesce($7, summary),
           recording_url = coalesce($8, recording_url),
           stereo_recording_url = coalesce($9, stereo_recording_url),
           analysis = $10,
           status = 'ended',
           report_received_at = $11,
           updated_at = now()
         WHERE id = $1`,
        [
          callId,
          report.endedReason ?? null,
          report.startedAt ?? null,
          report.endedAt ?? null,
          report.durationSeconds ?? null,
          report.cost ?? null,
          report.summary ?? null,
          report.recordingUrl ?? null,
          report.stereoRecordingUrl ?? null,
          JSON.stringify(report.analysis),
          report.receivedAt,
        ],
      );
    },

    async setOutcome(callId: string, outcome: CallOutcome): Promise<void> {
      await db.query('UPDATE calls SET outcome = $2, updated_at = now() WHERE id = $1', [callId, outcome]);
    },

    /** Everything the outcome is derived from, in one round trip. */
    async loadFacts(callId: string): Promise<CallFacts & { durationSeconds: number | null; summary: string | null; endedReason: string | undefined }> {
      const { rows } = await db.query<{
        emergency_at: Date | null;
        ended_reason: string | null;
        duration_seconds: number | null;
        summary: string | null;
        effects: string[] | null;
        kinds: string[] | null;
        appointments: number;
        caller_utterances: number;
      }>(
        `SELECT c.emergency_at, c.ended_reason, c.duration_seconds, c.summary,
                (SELECT array_agg(effect) FROM call_tool_calls t WHERE t.call_id = c.id AND t.effect IS NOT NULL) AS effects,
                (SELECT array_agg(kind) FROM escalations e WHERE e.call_id = c.id) AS kinds,
                (SELECT count(*)::int FROM appointments a WHERE a.call_id = c.id) AS appointments,
                (SELECT count(*)::int FROM transcript_segments s WHERE s.call_id = c.id AND s.role = 'user') AS caller_utterances
           FROM calls c WHERE c.id = $1`,
        [callId],
      );
      const row = rows[0]!;
      return {
        isEmergency: row.emergency_at !== null,
        toolEffects: row.effects ?? [],
        escalationKinds: row.kinds ?? [],
        appointmentCount: row.appointments,
        callerUtterances: row.caller_utterances,
        endedReason: row.ended_reason ?? undefined,
        durationSeconds: row.duration_seconds,
        summary: row.summary,
      };
    },
  };
}

export type CallsRepo = ReturnType<typeof createCallsRepo>;

export type StoredToolCall = { result: string | null; error: string | null; effect: string | null };

/** Tool invocations keyed by the provider's tool-call id: the first delivery acts, retries read. */
export function createToolCallsRepo(db: Queryable) {
  return {
    /** True when this delivery claimed the tool call; false when another delivery already has. */
    async claim(input: { clinicId: string; callId: string; toolCallId: string; name: string; arguments: Record<string, unknown> }): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO call_tool_calls (clinic_id, call_id, tool_call_id, name, arguments) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (call_id, tool_call_id) DO NOTHING RETURNING id`,
        [input.clinicId, input.callId, input.toolCallId, input.name, JSON.stringify(input.arguments)],
      );
      return rows.length > 0;
    },

    async complete(callId: string, toolCallId: string, outcome: StoredToolCall): Promise<void> {
      await db.query('UPDATE call_tool_calls SET result = $3, error = $4, effect = $5 WHERE call_id = $1 AND tool_call_id = $2', [
        callId,
        toolCallId,
        outcome.result,
        outcome.error,
        outcome.effect,
      ]);
    },

    async find(callId: string, toolCallId: string): Promise<StoredToolCall | undefined> {
      const { rows } = await db.query<StoredToolCall>('SELECT result, error, effect FROM call_tool_calls WHERE call_id = $1 AND tool_call_id = $2', [
        callId,
        toolCallId,
      ]);
      return rows[0];
    },
  };
}
