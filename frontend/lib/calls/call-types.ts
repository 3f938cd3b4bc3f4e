/** The dashboard's view of the calls API (`backend/src/modules/calls/calls.schemas.ts`). */

export const CALL_OUTCOMES = ['booked', 'answered', 'message_taken', 'escalated', 'emergency', 'abandoned'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type CallSummary = {
  id: string;
  status: string;
  direction: 'inbound' | 'outbound' | 'web';
  fromNumber: string | null;
  toNumber: string | null;
  patient: { id: string; name: string | null } | null;
  callerName: string | null;
  outcome: CallOutcome | null;
  summary: string | null;
  endedReason: string | null;
  durationSeconds: number | null;
  hasRecording: boolean;
  isEmergency: boolean;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
};

export type CallPage = { items: CallSummary[]; nextCursor: string | null };

export type TranscriptSegment = { seq: number; role: 'user' | 'assistant' | 'system' | 'tool'; text: string; at: string };

export type CallAppointment = { id: string; service: { id: string; name: string }; startsAt: string; status: string };

export type CallEscalation = { id: string; kind: string; severity: string; status: string; createdAt: string };

export type CallToolUse = { name: string; result: string | null; error: string | null; effect: string | null; at: string };

export type CallDetail = CallSummary & {
  recordingUrl: string | null;
  stereoRecordingUrl: string | null;
  transcript: TranscriptSegment[];
  tools: CallToolUse[];
  appointments: CallAppointment[];
  escalations: CallEscalation[];
};
