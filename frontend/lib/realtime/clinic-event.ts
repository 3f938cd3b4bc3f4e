/**
 * The events the backend pushes on `/ws` (contract §6): `{id, type, clinicId, callId?, at, data}`.
 * Only the fields the dashboard reads are typed; anything else a producer adds is carried along.
 */
export type ClinicEventType =
  | 'call.started'
  | 'call.status'
  | 'transcript'
  | 'call.tool'
  | 'call.ended'
  | 'alert'
  | 'sms.received'
  | 'sms.sent'
  | 'sms.status'
  | 'appointment.created'
  | 'appointment.updated'
  | 'escalation.created'
  | 'escalation.updated';

export type ClinicEvent = {
  id: number;
  type: ClinicEventType | (string & {});
  clinicId: string;
  callId?: string;
  at: string;
  data: Record<string, unknown>;
};

export type TranscriptRole = 'assistant' | 'user' | 'system' | 'tool';

export type TranscriptEventData = { seq: number; role: TranscriptRole; text: string; final: boolean };

export type CallToolEventData = { name: string; toolCallId?: string; result?: string; error?: string; effect?: string };

export type CallEndedEventData = {
  outcome: string | null;
  summary: string | null;
  durationSeconds: number | null;
  endedReason: string | null;
};

export type AlertEventData = { kind: 'emergency' | 'escalation'; severity: string; text: string };

/** The escalation DTO carried by `escalation.created` / `escalation.updated`. */
export type EscalationEventData = {
  id: string;
  kind: string;
  severity: string;
  status: 'open' | 'acknowledged' | 'resolved';
  summary: string;
  callId: string | null;
  patientId: string | null;
  createdAt: string;
};

/**
 * One frame from the socket, or null when it is not an event: the server is trusted, but a frame
 * that would crash a page (no id, no data object) is dropped rather than dispatched.
 */
export function parseClinicEvent(frame: string): ClinicEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Partial<Record<keyof ClinicEvent, unknown>>;
  if (typeof event.id !== 'number' || !Number.isSafeInteger(event.id) || event.id <= 0) return null;
  if (typeof event.type !== 'string' || typeof event.clinicId !== 'string' || typeof event.at !== 'string') return null;
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) return null;
  if (event.callId !== undefined && typeof event.callId !== 'string') return null;
  return value as ClinicEvent;
}

export function transcriptDataOf(event: ClinicEvent): TranscriptEventData | null {
  const { seq, role, text, final } = event.data;
  if (typeof seq !== 'number' || typeof text !== 'string' || typeof final !== 'boolean') return null;
  if (role !== 'assistant' && role !== 'user' && role !== 'system' && role !== 'tool') return null;
  return { seq, role, text, final };
}

export function toolDataOf(event: ClinicEvent): CallToolEventData | null {
  const { name, toolCallId, result, error, effect } = event.data;
  if (typeof name !== 'string') return null;
  return {
    name,
    ...(typeof toolCallId === 'string' ? { toolCallId } : {}),
    ...(typeof result === 'string' ? { result } : {}),
    ...(typeof error === 'string' ? { error } : {}),
    ...(typeof effect === 'string' ? { effect } : {}),
  };
}

export function alertDataOf(event: ClinicEvent): AlertEventData | null {
  const { kind, severity, text } = event.data;
  if ((kind !== 'emergency' && kind !== 'escalation') || typeof text !== 'string') return null;
  return { kind, severity: typeof severity === 'string' ? severity : 'high', text };
}

export function escalationDataOf(event: ClinicEvent): EscalationEventData | null {
  const { id, kind, severity, status, summary, callId, patientId, createdAt } = event.data;
  if (typeof id !== 'string' || typeof kind !== 'string' || typeof summary !== 'string') return null;
  if (status !== 'open' && status !== 'acknowledged' && status !== 'resolved') return null;
  return {
    id,
    kind,
    severity: typeof severity === 'string' ? severity : 'high',
    status,
    summary,
    callId: typeof callId === 'string' ? callId : null,
    patientId: typeof patientId === 'string' ? patientId : null,
    createdAt: typeof createdAt === 'string' ? createdAt : event.at,
  };
}
