import { createHash } from 'node:crypto';

/**
 * Reading Vapi server messages as Vapi really sends them (shared/WIRE-FORMATS.md): every field
 * may be missing, tool calls come in several shapes, transcripts in two type spellings, and the
 * end-of-call report keeps its data under `artifact`/`analysis` or, in older payloads, at the
 * top level. Everything here is pure and total: unknown shapes give `undefined`, never a throw.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown): Json {
  return isObject(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** An instant from an ISO string or epoch seconds/milliseconds. */
function instant(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value < 1e12 ? value * 1_000 : value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = /^\d+(\.\d+)?$/.test(value.trim()) ? instant(Number(value)) : new Date(value);
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  }
  return undefined;
}

export type VapiCall = {
  /** Vapi's call id: the key of everything about a call. */
  id: string | undefined;
  type: string | undefined;
  phoneNumberId: string | undefined;
  /** The caller's number (E.164 as Vapi gives it). */
  customerNumber: string | undefined;
  twilioCallSid: string | undefined;
  startedAt: Date | undefined;
  endedAt: Date | undefined;
};

export type VapiMessage = {
  /** Normalised: `transcript[transcriptType="final"]` becomes `transcript`. */
  type: string;
  rawType: string;
  /** When Vapi produced the message (epoch ms), if it said. */
  timestamp: number | undefined;
  call: VapiCall;
  /** The number the caller dialled (`message.phoneNumber.number`). */
  calledNumber: string | undefined;
  /** `metadata.clinicId` of the assistant, wherever the payload carries it. */
  metadataClinicId: string | undefined;
  body: Json;
};

export type ParseResult = { ok: true; message: VapiMessage } | { ok: false; reason: string };

export function normaliseVapiType(rawType: string): string {
  return rawType.startsWith('transcript[') ? 'transcript' : rawType;
}

function metadataClinicId(body: Json): string | undefined {
  const call = object(body.call);
  const candidates = [
    object(body.assistant).metadata,
    object(call.assistant).metadata,
    object(call.assistantOverrides).metadata,
    call.metadata,
    object(object(body.artifact).assistant).metadata,
  ];
  for (const metadata of candidates) {
    const clinicId = text(object(metadata).clinicId);
    if (clinicId) return clinicId;
  }
  return undefined;
}

export function parseVapiMessage(payload: unknown): ParseResult {
  const body = object(object(payload).message);
  const rawType = text(body.type);
  if (!rawType) return { ok: false, reason: 'message.type is missing' };
  const call = object(body.call);
  const customer = object(body.customer);
  return {
    ok: true,
    message: {
      type: normaliseVapiType(rawType),
      rawType,
      timestamp: instant(body.timestamp)?.getTime(),
      call: {
        id: text(call.id),
        type: text(call.type),
        phoneNumberId: text(call.phoneNumberId) ?? text(object(call.phoneNumber).id),
        customerNumber: text(customer.number) ?? text(object(call.customer).number),
        twilioCallSid: text(call.phoneCallProviderId),
        startedAt: instant(call.startedAt),
        endedAt: instant(call.endedAt),
      },
      calledNumber: text(object(body.phoneNumber).number) ?? text(object(call.phoneNumber).number),
      metadataClinicId: metadataClinicId(body),
      body,
    },
  };
}

export type TranscriptPart = { role: 'user' | 'assistant'; isFinal: boolean; text: string };

/** A `transcript` message's utterance; `undefined` when it carries no text. */
export function transcriptOf(message: VapiMessage): TranscriptPart | undefined {
  const utterance = text(message.body.transcript)?.trim();
  if (!utterance) return undefined;
  const spelledType = message.rawType.match(/transcriptType="(\w+)"/)?.[1];
  const transcriptType = text(message.body.transcriptType) ?? spelledType ?? 'final';
  // Vapi says `assistant` and, in some payloads, `bot`.
  const role = message.body.role === 'user' || message.body.role === 'customer' ? 'user' : 'assistant';
  return { role, isFinal: transcriptType !== 'partial', text: utterance };
}

export type VapiToolCall = { id: string; name: string; arguments: Json; argumentsError?: string };

function parseArguments(value: unknown): { arguments: Json; argumentsError?: string } {
  if (value === undefined || value === null || value === '') return { arguments: {} };
  if (isObject(value)) return { arguments: value };
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) return { arguments: parsed };
    } catch {
      // reported below
    }
  }
  return { arguments: {}, argumentsError: 'arguments are not a JSON object' };
}

function toolCallFrom(item: unknown): VapiToolCall | undefined {
  const call = object(item);
  const fn = object(call.function);
  const id = text(call.id) ?? text(call.toolCallId);
  const name = text(fn.name) ?? text(call.name);
  if (!id || !name) return undefined;
  return { id, name, ...parseArguments(fn.arguments ?? fn.parameters ?? call.arguments ?? call.parameters) };
}

/**
 * Every tool call of a `tool-calls` message, in order: `toolCallList`, else `toolCalls`, else the
 * `toolCall` of each `toolWithToolCallList` item. Items without an id or name are skipped.
 */
export function toolCallsOf(message: VapiMessage): VapiToolCall[] {
  const { body } = message;
  const lists: unknown[] = [body.toolCallList, body.toolCalls];
  for (const list of lists) {
    if (Array.isArray(list) && list.length > 0) return list.map(toolCallFrom).filter((call): call is VapiToolCall => call !== undefined);
  }
  if (Array.isArray(body.toolWithToolCallList)) {
    return body.toolWithToolCallList
      .map((item) => {
        const toolCall = toolCallFrom(object(item).toolCall);
        const definitionName = text(object(object(item).function).name) ?? text(object(item).name);
        return toolCall ?? (definitionName ? toolCallFrom({ ...object(object(item).toolCall), name: definitionName }) : undefined);
      })
      .filter((call): call is VapiToolCall => call !== undefined);
  }
  return [];
}

export type StatusUpdate = { status: string; endedReason: string | undefined };

export function statusUpdateOf(message: VapiMessage): StatusUpdate | undefined {
  const status = text(message.body.status) ?? text(object(message.body.call).status);
  return status ? { status, endedReason: text(message.body.endedReason) ?? text(object(message.body.call).endedReason) } : undefined;
}

export type ReportMessage = { role: 'user' | 'assistant'; text: string; at: Date | undefined };

export type EndOfCallReport = {
  endedReason: string | undefined;
  startedAt: Date | undefined;
  endedAt: Date | undefined;
  durationSeconds: number | undefined;
  cost: number | undefined;
  summary: string | undefined;
  transcript: string | undefined;
  recordingUrl: string | undefined;
  stereoRecordingUrl: string | undefined;
  structuredData: Json | undefined;
  successEvaluation: string | undefined;
};

/** The end-of-call report, reading `artifact`/`analysis` first and the legacy top-level fields after. */
export function endOfCallReportOf(message: VapiMessage): EndOfCallReport {
  const { body } = message;
  const artifact = object(body.artifact);
  const analysis = object(body.analysis);
  const recording = object(artifact.recording);
  const call = object(body.call);
  const startedAt = instant(body.startedAt) ?? message.call.startedAt;
  const endedAt = instant(body.endedAt) ?? message.call.endedAt;
  const reportedDuration = number(body.durationSeconds) ?? (number(body.durationMs) !== undefined ? number(body.durationMs)! / 1_000 : undefined);
  const durationSeconds =
    startedAt && endedAt && endedAt >= startedAt ? Math.round((endedAt.getTime() - startedAt.getTime()) / 1_000) : reportedDuration !== undefined ? Math.max(0, Math.round(reportedDuration)) : undefined;
  const successEvaluation = analysis.successEvaluation;
  return {
    endedReason: text(body.endedReason) ?? text(call.endedReason),
    startedAt,
    endedAt,
    durationSeconds,
    cost: number(body.cost) ?? number(call.cost),
    summary: text(analysis.summary) ?? text(body.summary),
    transcript: text(artifact.transcript) ?? text(body.transcript),
    recordingUrl: text(artifact.recordingUrl) ?? text(object(recording.mono).combinedUrl) ?? text(body.recordingUrl),
    stereoRecordingUrl: text(artifact.stereoRecordingUrl) ?? text(recording.stereoUrl) ?? text(body.stereoRecordingUrl),
    structuredData: isObject(analysis.structuredData) ? analysis.structuredData : undefined,
    successEvaluation: successEvaluation === undefined || successEvaluation === null ? undefined : String(successEvaluation),
  };
}

export type SpeechUpdate = { status: string; role: 'user' | 'assistant'; turn: number | undefined };

export function speechUpdateOf(message: VapiMessage): SpeechUpdate | undefined {
  const status = text(message.body.status);
  if (!status) return undefined;
  return { status, role: message.body.role === 'user' ? 'user' : 'assistant', turn: number(message.body.turn) };
}

function digest(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * Vapi sends no event id: the key is derived from what identifies a delivery — the call, the
 * normalised type and (status | transcript type + timestamp + role + text | tool call ids).
 * Without a call id, or for types with nothing stable to key on, the raw body's digest is the
 * key: a byte-identical retry is still a duplicate.
 */
export function vapiIdempotencyKey(message: VapiMessage, rawBody: Buffer): string {
  const callId = message.call.id;
  if (!callId) return `body:${digest(rawBody)}`;
  const base = `${callId}:${message.type}`;
  switch (message.type) {
    case 'status-update':
      return `${base}:${statusUpdateOf(message)?.status ?? 'unknown'}`;
    case 'transcript': {
      const part = transcriptOf(message);
      const stamp = message.timestamp ?? 'none';
      return `${base}:${part?.isFinal ? 'final' : 'partial'}:${part?.role ?? 'unknown'}:${stamp}:${digest(part?.text ?? '')}`;
    }
    case 'tool-calls':
      return `${base}:${toolCallsOf(message).map((call) => call.id).join(',')}`;
    case 'end-of-call-report':
    case 'assistant-request':
    case 'transfer-destination-request':
      return base;
    case 'speech-update': {
      const speech = speechUpdateOf(message);
      return `${base}:${speech?.role}:${speech?.status}:${speech?.turn ?? message.timestamp ?? digest(rawBody)}`;
    }
    default:
      return `${base}:${message.timestamp ?? digest(rawBody)}`;
  }
}
