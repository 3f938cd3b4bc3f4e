/**
 * The objects Vapi puts in every server message (shared/WIRE-FORMATS.md): the call, the called
 * phone number and the customer, plus the tool-call item shapes seen in the wild. Pure builders
 * used by the scenarios; nothing here knows about HTTP.
 */
export type Json = Record<string, unknown>;

/** A server message exactly as it goes on the wire: `{message: {type, timestamp, …}}`. */
export type VapiServerMessage = { message: Json & { type: string; timestamp: number } };

/** Everything about a call that stays the same across its messages. */
export type VapiCallIdentity = {
  callId: string;
  orgId: string;
  /** The clinic's number the caller dialled (E.164). */
  calledNumber: string;
  /** Vapi's id of that number (the clinic's `pn_…`). */
  phoneNumberId: string;
  /** The caller (E.164). */
  callerNumber: string;
  /** Twilio's CallSid behind the Vapi call. */
  twilioCallSid: string;
  /** When the call reached Vapi (the `assistant-request`). */
  createdAt: Date;
};

export type CallPhase = { status: 'queued' | 'ringing' | 'in-progress' | 'forwarding' | 'ended'; startedAt?: Date; endedAt?: Date; endedReason?: string };

export function callObject(identity: VapiCallIdentity, phase: CallPhase, updatedAt: Date): Json {
  return {
    id: identity.callId,
    orgId: identity.orgId,
    createdAt: identity.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    type: 'inboundPhoneCall',
    status: phase.status,
    ...(phase.startedAt ? { startedAt: phase.startedAt.toISOString() } : {}),
    ...(phase.endedAt ? { endedAt: phase.endedAt.toISOString() } : {}),
    ...(phase.endedReason ? { endedReason: phase.endedReason } : {}),
    phoneCallProvider: 'twilio',
    phoneCallProviderId: identity.twilioCallSid,
    phoneCallTransport: 'pstn',
    phoneNumberId: identity.phoneNumberId,
    customer: { number: identity.callerNumber },
    monitor: {
      listenUrl: `wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${identity.callId}/listen`,
      controlUrl: `https://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${identity.callId}/control`,
    },
    transport: { provider: 'twilio', callSid: identity.twilioCallSid },
  };
}

/** `message.phoneNumber`: the called number. It carries no `id` — Vapi's id is `call.phoneNumberId`. */
export function phoneNumberObject(identity: VapiCallIdentity): Json {
  return {
    orgId: identity.orgId,
    number: identity.calledNumber,
    provider: 'twilio',
    name: 'Clinic main line',
    status: 'active',
    createdAt: '2026-01-12T09:30:00.000Z',
    updatedAt: '2026-01-12T09:30:00.000Z',
  };
}

/** The common part of every message of a call at one moment. */
export function envelope(identity: VapiCallIdentity, phase: CallPhase, type: string, timestampMs: number, fields: Json): VapiServerMessage {
  return {
    message: {
      timestamp: timestampMs,
      type,
      ...fields,
      call: callObject(identity, phase, new Date(timestampMs)),
      phoneNumber: phoneNumberObject(identity),
      customer: { number: identity.callerNumber },
    },
  };
}

/**
 * How a `tool-calls` message lists its calls. Vapi's own server sends `toolCallList` of OpenAI-style
 * function calls (arguments as an object, in older payloads as a JSON string) next to
 * `toolWithToolCallList`; other clients send `{id, name, parameters|arguments}` or only `toolCalls`.
 */
export const TOOL_CALL_SHAPES = [
  'function-object',
  'function-json-string',
  'name-parameters',
  'name-arguments',
  'tool-with-tool-call-list-only',
  'tool-calls-field',
] as const;
export type ToolCallShape = (typeof TOOL_CALL_SHAPES)[number];

export type ToolCallRequest = { id: string; name: string; arguments: Json };

export function toolCallFields(calls: ToolCallRequest[], shape: ToolCallShape, serverUrl: string): Json {
  const openAiStyle = (call: ToolCallRequest, isStringArguments: boolean) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: isStringArguments ? JSON.stringify(call.arguments) : call.arguments },
  });
  const withDefinitions = calls.map((call) => ({
    type: 'function',
    function: { name: call.name },
    server: { url: serverUrl },
    messages: [],
    toolCall: openAiStyle(call, false),
  }));
  switch (shape) {
    case 'function-object':
      return { toolCallList: calls.map((call) => openAiStyle(call, false)), toolWithToolCallList: withDefinitions };
    case 'function-json-string':
      return { toolCallList: calls.map((call) => openAiStyle(call, true)), toolWithToolCallList: withDefinitions };
    case 'name-parameters':
      return { toolCallList: calls.map((call) => ({ id: call.id, name: call.name, parameters: call.arguments })) };
    case 'name-arguments':
      return { toolCallList: calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })) };
    case 'tool-with-tool-call-list-only':
      return { toolWithToolCallList: withDefinitions };
    case 'tool-calls-field':
      return { toolCalls: calls.map((call) => openAiStyle(call, true)) };
  }
}

/** One entry of `artifact.messages` / `conversation-update.messages` (Vapi's own format). */
export type ConversationEntry =
  | { role: 'bot' | 'user'; message: string; time: number; endTime: number; secondsFromStart: number; duration: number }
  | { role: 'tool_calls'; toolCalls: Json[]; time: number; secondsFromStart: number }
  | { role: 'tool_call_result'; toolCallId: string; name: string; result: string; time: number; secondsFromStart: number };

/** The same conversation in OpenAI's format, as `messagesOpenAIFormatted` carries it. */
export function openAiFormatted(entries: ConversationEntry[]): Json[] {
  return entries.map((entry) => {
    switch (entry.role) {
      case 'bot':
        return { role: 'assistant', content: entry.message };
      case 'user':
        return { role: 'user', content: entry.message };
      case 'tool_calls':
        return { role: 'assistant', tool_calls: entry.toolCalls };
      case 'tool_call_result':
        return { role: 'tool', tool_call_id: entry.toolCallId, content: entry.result };
    }
  });
}

/** `AI: …\nUser: …` — the plain transcript of the end-of-call report. */
export function plainTranscript(entries: ConversationEntry[]): string {
  return entries
    .flatMap((entry) => (entry.role === 'bot' ? [`AI: ${entry.message}`] : entry.role === 'user' ? [`User: ${entry.message}`] : []))
    .join('\n');
}
