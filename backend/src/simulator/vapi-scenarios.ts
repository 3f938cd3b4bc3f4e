import {
  dialogueFor,
  type Beat,
  type ToolResultEntry,
  type ToolUse,
  type VapiScenarioName,
} from './vapi-dialogues';
import {
  envelope,
  openAiFormatted,
  plainTranscript,
  TOOL_CALL_SHAPES,
  toolCallFields,
  type CallPhase,
  type ConversationEntry,
  type Json,
  type ToolCallShape,
  type VapiCallIdentity,
  type VapiServerMessage,
} from './vapi-payloads';
import { createSeededRandom, hex, scenarioSalt, seededUuid, toolCallId } from './vapi-random';

export { isVapiScenarioName, resultTokens, ScenarioDependencyError, VAPI_SCENARIO_NAMES } from './vapi-dialogues';
export type { ToolResultEntry, VapiScenarioName } from './vapi-dialogues';
export type { ToolCallShape, VapiCallIdentity, VapiServerMessage } from './vapi-payloads';

/**
 * Pure builders of realistic Vapi call scripts: every server message of one inbound call, in the
 * order and at the times Vapi produces them — assistant-request, status-updates, word-by-word
 * partial transcripts then the final, speech-updates, conversation-updates, tool calls at the
 * natural points, a transfer for emergencies, and the end-of-call report seconds after the end.
 * A script is data plus lazy `build` functions: tool arguments that copy a value from an earlier
 * result (a slot's `startsAt`) are built only once that result is known.
 */
export type ScenarioStep = {
  /** Position in the script (production order). */
  index: number;
  /** Milliseconds after the `assistant-request`. Strictly increasing with `index`. */
  offsetMs: number;
  /** The message type as sent (including `transcript[transcriptType="final"]`). */
  type: string;
  /** A short description for people: `transcript partial user "Hi there, I'd…"`. */
  label: string;
  /** Needs the reply before the call can go on: assistant-request, tool-calls, transfer-destination-request. */
  isCausal: boolean;
  /** When present and false for the results so far, the step is not sent (a retry nobody needed). */
  isNeeded?: (results: readonly ToolResultEntry[]) => boolean;
  /** The wire message; may throw `ScenarioDependencyError` when a result it copies from lacks the value. */
  build: (results: readonly ToolResultEntry[]) => VapiServerMessage;
};

export type VapiCallScript = {
  scenario: VapiScenarioName;
  identity: VapiCallIdentity;
  toolCallShape: ToolCallShape;
  /** When the call was answered (`in-progress`) and ended. */
  startedAt: Date;
  endedAt: Date;
  endedReason: string;
  steps: ScenarioStep[];
};

export type BuildCallScriptOptions = {
  scenario: VapiScenarioName;
  /** The clinic's number the caller dialled (E.164) and Vapi's id for it. */
  calledNumber: string;
  phoneNumberId: string;
  /** Defaults to a number in Ofcom's drama range picked by the seed. */
  callerNumber?: string;
  /** Defaults to a UUID derived from the seed. */
  callId?: string;
  /** When the call reaches Vapi; message timestamps count from here. Defaults to now. */
  createdAt?: Date;
  /** Same seed, same call (ids, wording, timing). Defaults to a random seed. */
  seed?: number;
  /** Defaults to one picked by the seed, so a batch of calls exercises every shape. */
  toolCallShape?: ToolCallShape;
  /** Spelling of final transcripts: `transcript`, `transcript[transcriptType="final"]`, or alternating. */
  finalTranscriptSpelling?: 'plain' | 'bracket' | 'mixed';
  /** Also put `summary`, `transcript`, `recordingUrl` at the top level of the report, as older payloads did. */
  legacyReportFields?: boolean;
  /** The server URL Vapi would call (appears in tool definitions of `toolWithToolCallList`). */
  serverUrl?: string;
  /** See `DialogueOptions.allowMissingToolResults`; for baselines against servers that answer `{}`. */
  allowMissingToolResults?: boolean;
};

function excerpt(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

type LazyEntry = (results: readonly ToolResultEntry[]) => ConversationEntry | undefined;

export function buildCallScript(options: BuildCallScriptOptions): VapiCallScript {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  // The scenario is part of the seed: one seed gives different calls (and call ids) per scenario.
  const random = createSeededRandom(seed ^ scenarioSalt(options.scenario));
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const createdAt = options.createdAt ?? new Date();
  const createdMs = createdAt.getTime();

  const identity: VapiCallIdentity = {
    callId: options.callId ?? seededUuid(random),
    orgId: seededUuid(createSeededRandom(7)),
    calledNumber: options.calledNumber,
    phoneNumberId: options.phoneNumberId,
    callerNumber: options.callerNumber ?? `+447700900${String(between(0, 999)).padStart(3, '0')}`,
    twilioCallSid: `CA${hex(random, 32)}`,
    createdAt,
  };
  const toolCallShape = options.toolCallShape ?? pick(TOOL_CALL_SHAPES);
  const spelling = options.finalTranscriptSpelling ?? 'mixed';
  const serverUrl = options.serverUrl ?? 'http://localhost:3001/webhooks/vapi';
  // A plausible weekday-morning slot two days out, only used when a server gave no slot.
  const fallback = new Date(createdMs + 2 * 86_400_000);
  fallback.setUTCHours(10, 0, 0, 0);
  const dialogue = dialogueFor(options.scenario, {
    pick,
    allowMissingToolResults: options.allowMissingToolResults ?? false,
    fallbackStartsAt: fallback.toISOString(),
  });

  const steps: ScenarioStep[] = [];
  const entries: LazyEntry[] = [];
  const resolveEntries = (results: readonly ToolResultEntry[], upTo: number) =>
    entries.slice(0, upTo).map((entry) => entry(results)).filter((entry): entry is ConversationEntry => entry !== undefined);
  let phase: CallPhase = { status: 'queued' };
  let t = 0;
  const at = (offset: number) => createdMs + offset;

  const push = (type: string, label: string, fields: Json | ((results: readonly ToolResultEntry[]) => Json), extra: Partial<ScenarioStep> = {}) => {
    const offsetMs = Math.max(t, (steps.at(-1)?.offsetMs ?? -1) + 1);
    t = offsetMs;
    const stepPhase = { ...phase };
    steps.push({
      index: steps.length,
      offsetMs,
      type,
      label,
      isCausal: false,
      ...extra,
      build: (results) => envelope(identity, stepPhase, type, at(offsetMs), typeof fields === 'function' ? fields(results) : fields),
    });
  };
  const statusUpdate = (next: CallPhase) => {
    phase = next;
    push('status-update', `status-update ${next.status}`, {
      status: next.status,
      ...(next.endedReason ? { endedReason: next.endedReason } : {}),
    });
  };

  push('assistant-request', 'assistant-request', {}, { isCausal: true });
  t += between(40, 120);
  statusUpdate({ status: 'queued' });
  t += between(200, 500);
  statusUpdate({ status: 'ringing' });
  t += between(600, 1_400);
  const startedAt = new Date(at(t));
  statusUpdate({ status: 'in-progress', startedAt });

  let turn = 0;
  let finals = 0;
  const speak = (beat: Extract<Beat, { kind: 'say' }>) => {
    const words = beat.text.split(' ');
    const speechStart = t;
    turn += 1;
    push('speech-update', `speech-update started ${beat.role}`, { status: 'started', role: beat.role, turn });
    t += between(150, 300);
    for (let shown = beat.role === 'user' ? 1 : between(1, 2); shown < words.length; shown += beat.role === 'user' ? 1 : between(1, 2)) {
      const partial = words.slice(0, shown).join(' ');
      push('transcript', `transcript partial ${beat.role} "${excerpt(partial)}"`, {
        role: beat.role,
        transcriptType: 'partial',
        transcript: partial,
      });
      t += between(150, 300);
    }
    finals += 1;
    const isBracket = spelling === 'bracket' || (spelling === 'mixed' && finals % 2 === 0);
    const finalType = isBracket ? 'transcript[transcriptType="final"]' : 'transcript';
    const speechEnd = t;
    push(finalType, `${isBracket ? 'transcript[final]' : 'transcript final'} ${beat.role} "${excerpt(beat.text)}"`, {
      role: beat.role,
      transcriptType: 'final',
      transcript: beat.text,
      isFiltered: false,
      detectedThreats: [],
      originalTranscript: beat.text,
    });
    t += between(20, 60);
    push('speech-update', `speech-update stopped ${beat.role}`, { status: 'stopped', role: beat.role, turn });
    const entry: ConversationEntry = {
      role: beat.role === 'assistant' ? 'bot' : 'user',
      message: beat.text,
      time: at(speechStart),
      endTime: at(speechEnd),
      secondsFromStart: (speechStart - (startedAt.getTime() - createdMs)) / 1_000,
      duration: speechEnd - speechStart,
    };
    entries.push(() => entry);
    conversationUpdate();
    t += between(400, 900);
  };
  const conversationUpdate = () => {
    t += between(10, 40);
    const upTo = entries.length;
    push('conversation-update', `conversation-update (${upTo} messages)`, (results) => {
      const messages = resolveEntries(results, upTo);
      return { messages, messagesOpenAIFormatted: openAiFormatted(messages) };
    });
  };
  const callTool = (use: ToolUse) => {
    t += between(150, 350);
    const id = toolCallId(random);
    const callTime = at(t);
    const secondsFromStart = (t - (startedAt.getTime() - createdMs)) / 1_000;
    const request = (results: readonly ToolResultEntry[]) => ({ id, name: use.name, arguments: use.arguments(results) as Json });
    push(
      'tool-calls',
      `tool-calls ${use.name}`,
      (results) => {
        const call = request(results);
        return {
          ...toolCallFields([call], toolCallShape, serverUrl),
          artifact: { messages: resolveEntries(results, entries.length) },
        };
      },
      { isCausal: true, ...(use.isNeeded ? { isNeeded: use.isNeeded } : {}) },
    );
    // The arguments as they were asked: built from the results that had arrived before this call's own.
    entries.push((results) => {
      const answered = results.findIndex((result) => result.toolCallId === id);
      if (answered < 0) return undefined;
      const { arguments: args } = request(results.slice(0, answered));
      return { role: 'tool_calls', time: callTime, secondsFromStart, toolCalls: [{ id, type: 'function', function: { name: use.name, arguments: JSON.stringify(args) } }] };
    });
    entries.push((results) => {
      const answer = results.find((result) => result.toolCallId === id);
      return answer ? { role: 'tool_call_result', toolCallId: id, name: use.name, result: answer.result ?? answer.error ?? '', time: callTime + 300, secondsFromStart: secondsFromStart + 0.3 } : undefined;
    });
    t += between(600, 1_200);
  };

  for (const beat of dialogue.beats) {
    switch (beat.kind) {
      case 'say':
        speak(beat);
        break;
      case 'tool':
        callTool(beat.use);
        break;
      case 'hang':
        push('hang', 'hang', {});
        t += between(300, 700);
        break;
      case 'transfer':
        push('transfer-destination-request', 'transfer-destination-request', {}, { isCausal: true });
        t += between(300, 600);
        statusUpdate({ status: 'forwarding', startedAt });
        t += between(1_000, 2_500);
        break;
    }
  }

  const endedAt = new Date(at(t));
  statusUpdate({ status: 'ended', startedAt, endedAt, endedReason: dialogue.endedReason });
  t += between(1_500, 3_000);
  const recordingBase = `https://storage.vapi.ai/${identity.callId}`;
  const durationMs = endedAt.getTime() - startedAt.getTime();
  push('end-of-call-report', `end-of-call-report ${dialogue.endedReason}`, (results) => {
    const messages = resolveEntries(results, entries.length);
    const transcript = plainTranscript(messages);
    const recordingUrl = `${recordingBase}-mono.wav`;
    const stereoRecordingUrl = `${recordingBase}-stereo.wav`;
    return {
      endedReason: dialogue.endedReason,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs,
      durationSeconds: durationMs / 1_000,
      durationMinutes: Math.round((durationMs / 60_000) * 10_000) / 10_000,
      cost: Math.round(durationMs * 0.0000025 * 10_000) / 10_000,
      costBreakdown: { transport: 0.0042, stt: 0.0071, llm: 0.0123, tts: 0.0098, vapi: 0.025 },
      artifact: {
        transcript,
        messages,
        messagesOpenAIFormatted: openAiFormatted(messages),
        recordingUrl,
        stereoRecordingUrl,
        recording: { stereoUrl: stereoRecordingUrl, mono: { combinedUrl: recordingUrl, assistantUrl: `${recordingBase}-assistant.wav`, customerUrl: `${recordingBase}-customer.wav` } },
      },
      analysis: { summary: dialogue.summary, structuredData: dialogue.structuredData, successEvaluation: dialogue.successEvaluation },
      ...(options.legacyReportFields ? { summary: dialogue.summary, transcript, recordingUrl, stereoRecordingUrl, messages } : {}),
    };
  });

  return { scenario: options.scenario, identity, toolCallShape, startedAt, endedAt, endedReason: dialogue.endedReason, steps };
}
