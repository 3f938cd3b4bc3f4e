import type { Queryable } from '../../platform/db';
import type { CallOutcome } from './call-outcome';

/**
 * The write side of calls: a row per provider call created by whichever event arrives first and
 * completed by the others, so that any arrival order ends in the same call. Statuses only move
 * forward, final transcript segments are kept in spoken order, and the report's facts win.
 *
 * Each recorded provider event is one statement — one of the functions of migration 0012, which
 * record the delivery in the webhook inbox (the exactly-once gate), upsert and lock the call,
 * apply the effect and decide the outcome in the statement's own transaction. The rules (status
 * order, outcome) live there, next to the row lock that makes them safe.
 */
export type CallProvider = 'vapi' | 'twilio' | 'web';

/** The call an event belongs to, and whether the event created it. */
export type CallRef = { id: string; clinicId: string; patientId: string | null; isNew: boolean };

/** Who is on the call, as the event says; fields already stored are kept. */
export type CallIdentity = {
  clinicId: string;
  provider: CallProvider;
  providerCallId: string | undefined;
  direction: 'inbound' | 'outbound' | 'web';
  fromNumber: string | undefined;
  toNumber: string | undefined;
  startedAt: Date | undefined;
};

/** The delivery, for the webhook inbox: its idempotency key and raw payload. */
export type InboxRecord = {
  provider: 'vapi' | 'twilio';
  idempotencyKey: string;
  eventType: string;
  payload: unknown;
  receivedAt: Date;
};

/** The call's final facts, when an event (re)decided its outcome. */
export type DecidedOutcome = { outcome: CallOutcome; durationSeconds: number | null; summary: string | null; endedReason: string | null };

export type CallEventResult =
  | { isFirstDelivery: false }
  | {
      isFirstDelivery: true;
      /** Undefined when the event names no call. */
      call: CallRef | undefined;
      /** Whether the event changed the call (a status that did not move it forward does not). */
      isChanged: boolean;
      /** For a transcript segment: its place in the call and the call's number of segments. */
      segment: { seq: number; count: number } | undefined;
      decided: DecidedOutcome | undefined;
    };

type CallEventRow = {
  is_first_delivery: boolean;
  call_id: string | null;
  patient_id: string | null;
  is_new_call: boolean | null;
  is_changed: boolean;
  seq: number | null;
  segment_count: number | null;
  outcome_decided: boolean;
  outcome: CallOutcome | null;
  duration_seconds: number | null;
  summary: string | null;
  ended_reason: string | null;
};

// The arguments every event function starts with: the inbox record, then the call's identity.
const EVENT_ARGUMENTS = 'p_provider => $1, p_idempotency_key => $2, p_event_type => $3, p_clinic_id => $4, p_payload => $5, p_received_at => $6, p_provider_call_id => $7, p_direction => $8, p_from_number => $9, p_to_number => $10, p_started_at => $11';

function eventParameters(inbox: InboxRecord, call: CallIdentity): unknown[] {
  return [
    inbox.provider,
    inbox.idempotencyKey,
    inbox.eventType,
    call.clinicId,
    JSON.stringify(inbox.payload),
    inbox.receivedAt,
    call.providerCallId ?? null,
    call.direction,
    call.fromNumber ?? null,
    call.toNumber ?? null,
    call.startedAt ?? null,
  ];
}

type DecidedOutcomeRow = { outcome: CallOutcome; duration_seconds: number | null; summary: string | null; ended_reason: string | null };

function toDecidedOutcome(row: DecidedOutcomeRow): DecidedOutcome {
  return { outcome: row.outcome, durationSeconds: row.duration_seconds, summary: row.summary, endedReason: row.ended_reason };
}

function toEventResult(row: CallEventRow, clinicId: string): CallEventResult {
  if (!row.is_first_delivery) return { isFirstDelivery: false };
  return {
    isFirstDelivery: true,
    call: row.call_id ? { id: row.call_id, clinicId, patientId: row.patient_id, isNew: row.is_new_call === true } : undefined,
    isChanged: row.is_changed,
    segment: row.seq !== null && row.segment_count !== null ? { seq: row.seq, count: row.segment_count } : undefined,
    decided: row.outcome_decided && row.outcome ? toDecidedOutcome({ ...row, outcome: row.outcome }) : undefined,
  };
}

export function createCallsRepo(db: Queryable) {
  async function recordEvent(fn: string, extra: string, inbox: InboxRecord, call: CallIdentity, values: unknown[]): Promise<CallEventResult> {
    const { rows } = await db.query<CallEventRow>(`SELECT * FROM ${fn}(${EVENT_ARGUMENTS}, ${extra})`, [...eventParameters(inbox, call), ...values]);
    return toEventResult(rows[0]!, call.clinicId);
  }

  return {
    /** The call's row, created if this is the first event of the call (no inbox record). */
    async upsertCall(call: CallIdentity & { providerCallId: string }): Promise<CallRef> {
      const { rows } = await db.query<{ call_id: string; patient_id: string | null; is_new: boolean }>(
        'SELECT * FROM upsert_call($1, $2, $3, $4, $5, $6, $7)',
        [call.clinicId, call.provider, call.providerCallId, call.direction, call.fromNumber ?? null, call.toNumber ?? null, call.startedAt ?? null],
      );
      const row = rows[0]!;
      return { id: row.call_id, clinicId: call.clinicId, patientId: row.patient_id, isNew: row.is_new };
    },

    /** A status update, applied only when it moves the call forward; `ended` decides the outcome. */
    recordStatus(inbox: InboxRecord, call: CallIdentity, status: { status: string; at: Date | undefined; endedReason: string | undefined; endedAt: Date | undefined } | undefined): Promise<CallEventResult> {
      return recordEvent('record_call_status', 'p_status => $12, p_status_at => $13, p_ended_reason => $14, p_ended_at => $15', inbox, call, [
        status?.status ?? null,
        status?.at ?? null,
        status?.endedReason ?? null,
        status?.endedAt ?? null,
      ]);
    },

    /** A final utterance, stored in spoken order (a late delivery slots in where it was said). */
    recordFinalSegment(inbox: InboxRecord, call: CallIdentity, segment: { role: 'user' | 'assistant'; text: string; spokenAt: Date }): Promise<CallEventResult> {
      return recordEvent('record_call_segment', 'p_role => $12, p_text => $13, p_spoken_at => $14', inbox, call, [segment.role, segment.text, segment.spokenAt]);
    },

    /** The end-of-call report: its facts win, and the outcome is decided. */
    recordReport(
      inbox: InboxRecord,
      call: CallIdentity,
      report: {
        endedReason: string | undefined;
        endedAt: Date | undefined;
        durationSeconds: number | undefined;
        cost: number | undefined;
        summary: string | undefined;
        recordingUrl: string | undefined;
        stereoRecordingUrl: string | undefined;
        analysis: Record<string, unknown>;
      },
    ): Promise<CallEventResult> {
      return recordEvent(
        'record_call_report',
        'p_ended_reason => $12, p_ended_at => $13, p_duration_seconds => $14, p_cost => $15, p_summary => $16, p_recording_url => $17, p_stereo_recording_url => $18, p_analysis => $19',
        inbox,
        call,
        [
          report.endedReason ?? null,
          report.endedAt ?? null,
          report.durationSeconds ?? null,
          report.cost ?? null,
          report.summary ?? null,
          report.recordingUrl ?? null,
          report.stereoRecordingUrl ?? null,
          JSON.stringify(report.analysis),
        ],
      );
    },

    /** Re-decides the outcome of a call that has ended, e.g. after a late tool call; the facts when it changed. */
    async refreshOutcome(callId: string): Promise<DecidedOutcome | undefined> {
      const { rows } = await db.query<DecidedOutcomeRow>('SELECT * FROM refresh_call_outcome($1, false)', [callId]);
      return rows[0] ? toDecidedOutcome(rows[0]) : undefined;
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

    /** Stores the result; says whether the call has already ended (a late tool call can change its outcome). */
    async complete(callId: string, toolCallId: string, outcome: StoredToolCall): Promise<{ hasCallEnded: boolean }> {
      const { rows } = await db.query<{ has_call_ended: boolean }>(
        `UPDATE call_tool_calls t SET result = $3, error = $4, effect = $5 WHERE t.call_id = $1 AND t.tool_call_id = $2
         RETURNING (SELECT c.status = 'ended' OR c.report_received_at IS NOT NULL FROM calls c WHERE c.id = t.call_id) AS has_call_ended`,
        [callId, toolCallId, outcome.result, outcome.error, outcome.effect],
      );
      return { hasCallEnded: rows[0]?.has_call_ended === true };
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
