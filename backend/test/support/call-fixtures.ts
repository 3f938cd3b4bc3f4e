import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db';

/** Rows of a call as the call pipeline leaves them; tests state only what they care about. */
export type CallFixture = {
  id?: string;
  provider?: 'vapi' | 'twilio' | 'web';
  providerCallId?: string;
  status?: string;
  direction?: 'inbound' | 'outbound' | 'web';
  fromNumber?: string | null;
  toNumber?: string | null;
  patientId?: string | null;
  outcome?: string | null;
  summary?: string | null;
  recordingUrl?: string | null;
  stereoRecordingUrl?: string | null;
  endedReason?: string | null;
  durationSeconds?: number | null;
  analysis?: Record<string, unknown>;
  emergencyAt?: Date | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
  createdAt?: Date;
};

export type SegmentFixture = { role?: 'user' | 'assistant' | 'system' | 'tool'; text: string; at?: Date; isFinal?: boolean };

/** An ended, answered inbound call by default; returns its id. */
export async function insertCall(db: Queryable, clinicId: string, call: CallFixture = {}): Promise<string> {
  const createdAt = call.createdAt ?? new Date();
  const status = call.status ?? 'ended';
  const isEnded = status === 'ended';
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO calls
       (id, clinic_id, provider, provider_call_id, status, direction, from_number, to_number, patient_id, outcome,
        summary, recording_url, stereo_recording_url, ended_reason, duration_seconds, analysis, emergency_at,
        started_at, ended_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
     RETURNING id`,
    [
      call.id ?? randomUUID(),
      clinicId,
      call.provider ?? 'vapi',
      call.providerCallId ?? `call_${randomUUID()}`,
      status,
      call.direction ?? 'inbound',
      call.fromNumber === undefined ? '+447700900123' : call.fromNumber,
      call.toNumber === undefined ? '+442079460000' : call.toNumber,
      call.patientId ?? null,
      call.outcome === undefined ? (isEnded ? 'answered' : null) : call.outcome,
      call.summary ?? null,
      call.recordingUrl ?? null,
      call.stereoRecordingUrl ?? null,
      call.endedReason === undefined ? (isEnded ? 'customer-ended-call' : null) : call.endedReason,
      call.durationSeconds === undefined ? (isEnded ? 60 : null) : call.durationSeconds,
      JSON.stringify(call.analysis ?? {}),
      call.emergencyAt ?? null,
      call.startedAt === undefined ? createdAt : call.startedAt,
      call.endedAt === undefined ? (isEnded ? new Date(createdAt.getTime() + 60_000) : null) : call.endedAt,
      createdAt,
    ],
  );
  return rows[0]!.id;
}

/** Appends transcript segments after the call's existing ones (seq continues). */
export async function insertTranscript(db: Queryable, clinicId: string, callId: string, segments: SegmentFixture[]): Promise<void> {
  const { rows } = await db.query<{ next: number }>(
    'SELECT coalesce(max(seq) + 1, 0) AS next FROM transcript_segments WHERE call_id = $1',
    [callId],
  );
  const first = rows[0]!.next;
  const base = Date.now();
  await db.query(
    `INSERT INTO transcript_segments (clinic_id, call_id, seq, role, text, is_final, spoken_at)
     SELECT $1, $2, seq, role, text, is_final, spoken_at
       FROM unnest($3::int[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[]) AS t(seq, role, text, is_final, spoken_at)`,
    [
      clinicId,
      callId,
      segments.map((_, index) => first + index),
      segments.map((segment, index) => segment.role ?? (index % 2 === 0 ? 'assistant' : 'user')),
      segments.map((segment) => segment.text),
      segments.map((segment) => segment.isFinal ?? true),
      segments.map((segment, index) => segment.at ?? new Date(base + index * 1_000)),
    ],
  );
}

export type ToolCallFixture = {
  name: string;
  arguments?: Record<string, unknown>;
  result?: string | null;
  error?: string | null;
  effect?: string | null;
  toolCallId?: string;
  createdAt?: Date;
};

export async function insertToolCall(db: Queryable, clinicId: string, callId: string, tool: ToolCallFixture): Promise<void> {
  await db.query(
    `INSERT INTO call_tool_calls (clinic_id, call_id, tool_call_id, name, arguments, result, error, effect, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      clinicId,
      callId,
      tool.toolCallId ?? `tc_${randomUUID()}`,
      tool.name,
      JSON.stringify(tool.arguments ?? {}),
      tool.result ?? null,
      tool.error ?? null,
      tool.effect ?? null,
      tool.createdAt ?? new Date(),
    ],
  );
}

/** A patient of the clinic by phone (created if new); returns its id. */
export async function upsertPatient(db: Queryable, clinicId: string, phone: string, name: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO patients (clinic_id, phone_e164, name) VALUES ($1, $2, $3)
     ON CONFLICT (clinic_id, phone_e164) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [clinicId, phone, name],
  );
  return rows[0]!.id;
}

/**
 * An appointment booked on a call, with the clinic's first service and practitioner (the clinic
 * needs both, as the demo seed provides). Returns its id and the service's.
 */
export async function insertCallAppointment(
  db: Queryable,
  clinicId: string,
  callId: string,
  options: { patientId: string; startsAt: Date; status?: string },
): Promise<{ id: string; serviceId: string; serviceName: string }> {
  const { rows: services } = await db.query<{ id: string; name: string; duration_minutes: number }>(
    'SELECT id, name, duration_minutes FROM services WHERE clinic_id = $1 ORDER BY name LIMIT 1',
    [clinicId],
  );
  const { rows: practitioners } = await db.query<{ id: string }>(
    'SELECT id FROM practitioners WHERE clinic_id = $1 ORDER BY name LIMIT 1',
    [clinicId],
  );
  const service = services[0];
  const practitioner = practitioners[0];
  if (!service || !practitioner) throw new Error('insertCallAppointment needs a clinic with a service and a practitioner');
  const endsAt = new Date(options.startsAt.getTime() + service.duration_minutes * 60_000);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at, status, source, call_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'voice', $8)
     RETURNING id`,
    [clinicId, options.patientId, service.id, practitioner.id, options.startsAt, endsAt, options.status ?? 'booked', callId],
  );
  return { id: rows[0]!.id, serviceId: service.id, serviceName: service.name };
}

export async function insertCallEscalation(
  db: Queryable,
  clinicId: string,
  callId: string,
  options: { kind?: string; severity?: string; status?: string; summary?: string } = {},
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO escalations (clinic_id, kind, severity, status, channel, summary, call_id)
     VALUES ($1, $2, $3, $4, 'voice', $5, $6)
     RETURNING id`,
    [clinicId, options.kind ?? 'human', options.severity ?? 'medium', options.status ?? 'open', options.summary ?? 'Caller asked for a person.', callId],
  );
  return rows[0]!.id;
}

/** Removes every call and what hangs off it (segments, tools; links on appointments and escalations). */
export async function deleteAllCalls(db: Queryable): Promise<void> {
  await db.query('DELETE FROM appointments WHERE call_id IS NOT NULL');
  await db.query('DELETE FROM escalations WHERE call_id IS NOT NULL');
  await db.query('DELETE FROM calls');
}
