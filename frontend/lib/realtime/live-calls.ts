import { alertDataOf, toolDataOf, transcriptDataOf, type ClinicEvent, type TranscriptRole } from './clinic-event';
import { applyTranscriptPart, mergeStoredTranscript, type TranscriptLine } from './transcript-lines';
import { addToolUse, type ToolUse } from './tool-uses';

/**
 * The Live page's model: calls in progress and the ones that just ended, built from a snapshot
 * (`GET /calls?status=live` + each call's detail) and the clinic's events. Every action is
 * idempotent, so a snapshot can land before or after the events it overlaps.
 */
export type CallerInfo = { fromNumber: string | null; patientName: string | null };

export type LiveCall = CallerInfo & {
  id: string;
  status: string;
  startedAt: string;
  lines: TranscriptLine[];
  tools: ToolUse[];
  isEmergency: boolean;
  /** Who is speaking right now, from the speech updates. */
  speaking: TranscriptRole | null;
  /** The caller and stored transcript were loaded (or requested) from the call detail. */
  hasDetail: boolean;
  /** Id of the event that announced the call; 0 when the call came from a snapshot. */
  firstEventId: number;
};

export type EndedCall = CallerInfo & {
  id: string;
  startedAt: string;
  endedAt: string;
  outcome: string | null;
  summary: string | null;
  durationSeconds: number | null;
  endedReason: string | null;
  lines: TranscriptLine[];
  tools: ToolUse[];
  isEmergency: boolean;
};

export type LiveCallsState = { live: LiveCall[]; ended: EndedCall[] };

/** What the call detail says about a call (`GET /calls/:id`), reduced to what the page shows. */
export type CallDetailSnapshot = CallerInfo & {
  id: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  summary: string | null;
  durationSeconds: number | null;
  endedReason: string | null;
  isEmergency: boolean;
  transcript: Array<{ seq: number; role: TranscriptRole; text: string }>;
  tools: ToolUse[];
  /** Only the list row was loaded (its detail failed): transcript and tools are still to come. */
  isSummaryOnly?: boolean;
};

export type LiveCallsAction =
  /** The calls live now; `asOfEventId` is the last event the page had seen when it asked. */
  | { type: 'snapshot'; calls: CallDetailSnapshot[]; asOfEventId: number }
  | { type: 'detail'; call: CallDetailSnapshot }
  | { type: 'detail-requested'; callId: string }
  | { type: 'event'; event: ClinicEvent };

export const MAX_RECENTLY_ENDED = 20;

export const INITIAL_LIVE_CALLS: LiveCallsState = { live: [], ended: [] };

function newLiveCall(id: string, startedAt: string, firstEventId: number): LiveCall {
  return {
    id,
    status: 'ringing',
    startedAt,
    fromNumber: null,
    patientName: null,
    lines: [],
    tools: [],
    isEmergency: false,
    speaking: null,
    hasDetail: false,
    firstEventId,
  };
}

function fromSnapshot(snapshot: CallDetailSnapshot): LiveCall {
  return {
    ...newLiveCall(snapshot.id, snapshot.startedAt, 0),
    status: snapshot.status,
    fromNumber: snapshot.fromNumber,
    patientName: snapshot.patientName,
    lines: mergeStoredTranscript([], snapshot.transcript),
    tools: snapshot.tools.reduce<ToolUse[]>(addToolUse, []),
    isEmergency: snapshot.isEmergency,
    hasDetail: !snapshot.isSummaryOnly,
  };
}

function mergeDetail(call: LiveCall, snapshot: CallDetailSnapshot): LiveCall {
  return {
    ...call,
    status: call.status === 'ringing' || call.status === 'queued' ? snapshot.status : call.status,
    fromNumber: snapshot.fromNumber ?? call.fromNumber,
    patientName: snapshot.patientName ?? call.patientName,
    startedAt: call.firstEventId === 0 ? snapshot.startedAt : call.startedAt,
    lines: mergeStoredTranscript(call.lines, snapshot.transcript),
    tools: snapshot.tools.reduce<ToolUse[]>(addToolUse, call.tools),
    isEmergency: call.isEmergency || snapshot.isEmergency,
    hasDetail: call.hasDetail || !snapshot.isSummaryOnly,
  };
}

type EndFacts = Pick<EndedCall, 'endedAt' | 'outcome' | 'summary' | 'durationSeconds' | 'endedReason'>;

function toEnded(call: LiveCall, facts: EndFacts): EndedCall {
  const { id, startedAt, fromNumber, patientName, lines, tools, isEmergency } = call;
  // A partial never finalised (the caller hung up mid-word) is what was heard: keep it as said.
  return { id, startedAt, fromNumber, patientName, lines: lines.map((line) => ({ ...line, isFinal: true })), tools, isEmergency, ...facts };
}

function endCall(state: LiveCallsState, callId: string, facts: Partial<EndFacts> & { endedAt: string }): LiveCallsState {
  const ended = state.ended.find((call) => call.id === callId);
  if (ended) {
    // A second call.ended (after the end-of-call report) adds the summary and duration.
    const merged: EndedCall = {
      ...ended,
      outcome: facts.outcome ?? ended.outcome,
      summary: facts.summary ?? ended.summary,
      durationSeconds: facts.durationSeconds ?? ended.durationSeconds,
      endedReason: facts.endedReason ?? ended.endedReason,
    };
    return { ...state, ended: state.ended.map((call) => (call.id === callId ? merged : call)) };
  }
  const live = state.live.find((call) => call.id === callId) ?? newLiveCall(callId, facts.endedAt, 0);
  const moved = toEnded(live, {
    endedAt: facts.endedAt,
    outcome: facts.outcome ?? null,
    summary: facts.summary ?? null,
    durationSeconds: facts.durationSeconds ?? null,
    endedReason: facts.endedReason ?? null,
  });
  return {
    live: state.live.filter((call) => call.id !== callId),
    ended: [moved, ...state.ended].slice(0, MAX_RECENTLY_ENDED),
  };
}

function updateLive(state: LiveCallsState, callId: string, event: ClinicEvent, update: (call: LiveCall) => LiveCall): LiveCallsState {
  if (state.ended.some((call) => call.id === callId)) return state;
  const existing = state.live.find((call) => call.id === callId);
  if (!existing) return { ...state, live: [...state.live, update(newLiveCall(callId, event.at, event.id))] };
  return { ...state, live: state.live.map((call) => (call.id === callId ? update(call) : call)) };
}

function updateEnded(state: LiveCallsState, callId: string, update: (call: EndedCall) => EndedCall): LiveCallsState {
  return { ...state, ended: state.ended.map((call) => (call.id === callId ? update(call) : call)) };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function applyEvent(state: LiveCallsState, event: ClinicEvent): LiveCallsState {
  const callId = event.callId;
  if (!callId) return state;
  switch (event.type) {
    case 'call.started':
      return updateLive(state, callId, event, (call) => ({ ...call, fromNumber: stringOrNull(event.data.from) ?? call.fromNumber }));
    case 'call.status': {
      const status = stringOrNull(event.data.status);
      if (!status) return state;
      if (status === 'ended') return endCall(state, callId, { endedAt: event.at, endedReason: stringOrNull(event.data.endedReason) });
      const speech = event.data.speech as { role?: unknown; status?: unknown } | undefined;
      return updateLive(state, callId, event, (call) => {
        let speaking = call.speaking;
        if (speech && (speech.role === 'assistant' || speech.role === 'user')) {
          if (speech.status === 'started') speaking = speech.role;
          else if (speaking === speech.role) speaking = null;
        }
        return { ...call, status, speaking };
      });
    }
    case 'transcript': {
      const part = transcriptDataOf(event);
      if (!part) return state;
      if (state.ended.some((call) => call.id === callId)) {
        return part.final ? updateEnded(state, callId, (call) => ({ ...call, lines: applyTranscriptPart(call.lines, part) })) : state;
      }
      return updateLive(state, callId, event, (call) => ({ ...call, lines: applyTranscriptPart(call.lines, part) }));
    }
    case 'call.tool': {
      const tool = toolDataOf(event);
      if (!tool) return state;
      const isEmergency = tool.effect === 'emergency';
      if (state.ended.some((call) => call.id === callId)) {
        return updateEnded(state, callId, (call) => ({ ...call, tools: addToolUse(call.tools, tool), isEmergency: call.isEmergency || isEmergency }));
      }
      return updateLive(state, callId, event, (call) => ({ ...call, tools: addToolUse(call.tools, tool), isEmergency: call.isEmergency || isEmergency }));
    }
    case 'alert': {
      if (alertDataOf(event)?.kind !== 'emergency') return state;
      const mark = <Call extends { isEmergency: boolean }>(call: Call): Call => ({ ...call, isEmergency: true });
      return state.ended.some((call) => call.id === callId) ? updateEnded(state, callId, mark) : updateLive(state, callId, event, mark);
    }
    case 'call.ended':
      return endCall(state, callId, {
        endedAt: event.at,
        outcome: stringOrNull(event.data.outcome),
        summary: stringOrNull(event.data.summary),
        durationSeconds: numberOrNull(event.data.durationSeconds),
        endedReason: stringOrNull(event.data.endedReason),
      });
    default:
      return state;
  }
}

function applySnapshot(state: LiveCallsState, calls: CallDetailSnapshot[], asOfEventId: number): LiveCallsState {
  const endedIds = new Set(state.ended.map((call) => call.id));
  const inSnapshot = new Set(calls.map((call) => call.id));
  let next = state;
  // A call live before the snapshot was asked for but absent from it ended while nobody listened.
  for (const call of state.live) {
    if (!inSnapshot.has(call.id) && call.firstEventId <= asOfEventId) next = endCall(next, call.id, { endedAt: new Date().toISOString() });
  }
  for (const snapshot of calls) {
    if (endedIds.has(snapshot.id)) continue;
    if (snapshot.status === 'ended') {
      next = applyDetail(next, snapshot);
      continue;
    }
    const existing = next.live.find((call) => call.id === snapshot.id);
    next = existing
      ? { ...next, live: next.live.map((call) => (call.id === snapshot.id ? mergeDetail(call, snapshot) : call)) }
      : { ...next, live: [...next.live, fromSnapshot(snapshot)] };
  }
  return { ...next, live: [...next.live].sort((a, b) => a.startedAt.localeCompare(b.startedAt)) };
}

function applyDetail(state: LiveCallsState, snapshot: CallDetailSnapshot): LiveCallsState {
  const live = state.live.find((call) => call.id === snapshot.id);
  if (live) {
    const merged = mergeDetail(live, snapshot);
    const next = { ...state, live: state.live.map((call) => (call.id === snapshot.id ? merged : call)) };
    if (snapshot.status !== 'ended') return next;
    return endCall(next, snapshot.id, {
      endedAt: snapshot.endedAt ?? new Date().toISOString(),
      outcome: snapshot.outcome,
      summary: snapshot.summary,
      durationSeconds: snapshot.durationSeconds,
      endedReason: snapshot.endedReason,
    });
  }
  return updateEnded(state, snapshot.id, (call) => ({
    ...call,
    fromNumber: snapshot.fromNumber ?? call.fromNumber,
    patientName: snapshot.patientName ?? call.patientName,
  }));
}

export function liveCallsReducer(state: LiveCallsState, action: LiveCallsAction): LiveCallsState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event);
    case 'snapshot':
      return applySnapshot(state, action.calls, action.asOfEventId);
    case 'detail':
      return applyDetail(state, action.call);
    case 'detail-requested':
      return { ...state, live: state.live.map((call) => (call.id === action.callId ? { ...call, hasDetail: true } : call)) };
  }
}
