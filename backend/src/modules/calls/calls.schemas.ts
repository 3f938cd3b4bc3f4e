import { z } from 'zod';

export const CallStatus = z.enum(['queued', 'ringing', 'in-progress', 'forwarding', 'ended']);
export type CallStatus = z.infer<typeof CallStatus>;

export const CallOutcome = z.enum(['booked', 'answered', 'message_taken', 'escalated', 'emergency', 'abandoned']);
export type CallOutcome = z.infer<typeof CallOutcome>;

/** `live` is shorthand for every status but `ended`: what the Live page shows. */
export const CallStatusFilter = z.union([CallStatus, z.literal('live')]);
export type CallStatusFilter = z.infer<typeof CallStatusFilter>;

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
const MAX_LISTED_VALUES = 10;

/** `?outcome=a,b`, `?outcome=a&outcome=b` or both: one list of values. */
function listOf<Item extends z.ZodType>(item: Item) {
  return z.preprocess(
    (value) => {
      const values = Array.isArray(value) ? value : [value];
      return values.flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry])).map((entry) =>
        typeof entry === 'string' ? entry.trim() : entry,
      ).filter((entry) => entry !== '');
    },
    z.array(item).min(1, 'needs at least one value').max(MAX_LISTED_VALUES),
  );
}

/**
 * A bare date is a whole day in the clinic's timezone (`to` includes that day); a date-time
 * with an offset is an exact instant (`to` excludes it).
 */
const TimeBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const CallListQuery = z
  .object({
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    outcome: listOf(CallOutcome).optional(),
    status: listOf(CallStatusFilter).optional(),
    from: TimeBound.optional(),
    to: TimeBound.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strip();
export type CallListQuery = z.infer<typeof CallListQuery>;

const PatientRef = z.object({ id: z.uuid(), name: z.string().nullable() });

export const CallSummary = z.object({
  id: z.uuid(),
  status: z.string(),
  direction: z.enum(['inbound', 'outbound', 'web']),
  /** The caller (E.164) for inbound calls. */
  fromNumber: z.string().nullable(),
  /** The clinic line for inbound calls. */
  toNumber: z.string().nullable(),
  /** The patient linked to the call, else the patient whose number called; null when unknown. */
  patient: PatientRef.nullable(),
  callerName: z.string().nullable(),
  outcome: CallOutcome.nullable(),
  summary: z.string().nullable(),
  endedReason: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  hasRecording: z.boolean(),
  isEmergency: z.boolean(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CallSummary = z.infer<typeof CallSummary>;

export const CallPage = z.object({ items: z.array(CallSummary), nextCursor: z.string().nullable() });
export type CallPage = z.infer<typeof CallPage>;

export const TranscriptSegment = z.object({
  seq: z.number().int(),
  role: z.enum(['user', 'assistant', 'system', 'tool']),
  text: z.string(),
  at: z.string(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;

export const CallToolUse = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  result: z.string().nullable(),
  error: z.string().nullable(),
  effect: z.string().nullable(),
  at: z.string(),
});
export type CallToolUse = z.infer<typeof CallToolUse>;

export const CallAppointment = z.object({
  id: z.uuid(),
  service: z.object({ id: z.uuid(), name: z.string() }),
  startsAt: z.string(),
  status: z.string(),
});
export type CallAppointment = z.infer<typeof CallAppointment>;

export const CallEscalation = z.object({
  id: z.uuid(),
  kind: z.string(),
  severity: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export type CallEscalation = z.infer<typeof CallEscalation>;

export const CallDetail = CallSummary.extend({
  recordingUrl: z.string().nullable(),
  stereoRecordingUrl: z.string().nullable(),
  /** The provider's analysis of the finished call (structured data, success evaluation). */
  analysis: z.record(z.string(), z.unknown()),
  transcript: z.array(TranscriptSegment),
  tools: z.array(CallToolUse),
  appointments: z.array(CallAppointment),
  escalations: z.array(CallEscalation),
});
export type CallDetail = z.infer<typeof CallDetail>;
