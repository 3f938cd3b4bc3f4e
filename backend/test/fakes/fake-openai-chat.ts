/**
 * Chat completions for the fake OpenAI server: the test scripts each reply (plain text or tool
 * calls) and the fake answers in the real response shape, after checking the request the way
 * the API does — in particular that every tool call of an assistant message is answered by a
 * `tool` message, the mistake a tool loop is most likely to make.
 */

export type ScriptedToolCall = {
  name: string;
  /** An object is JSON-encoded; a string is sent as-is (to test malformed arguments). */
  arguments: Record<string, unknown> | string;
  /** Defaults to `call_fake_<n>`, numbered across the server's lifetime. */
  id?: string;
};

export type ScriptedChatReply =
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter' }
  | { toolCalls: ScriptedToolCall[]; content?: string | null };

export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

export type ChatMessage =
  | { role: 'system' | 'developer' | 'user'; content: string | unknown[]; name?: string }
  | { role: 'assistant'; content?: string | unknown[] | null; tool_calls?: ChatToolCall[]; refusal?: string | null }
  | { role: 'tool'; content: string | unknown[]; tool_call_id: string };

/** The parts of a request body tests assert on; everything else is kept as sent. */
export type ChatRequestBody = {
  model: string;
  messages: ChatMessage[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  [key: string]: unknown;
};

export type FakeChatState = { replies: ScriptedChatReply[]; completionCount: number; toolCallCount: number };

export function createFakeChatState(): FakeChatState {
  return { replies: [], completionCount: 0, toolCallCount: 0 };
}

type ChatReply = { status: number; body: unknown };
type ApiError = (status: number, message: string, code: string | null, param?: string | null) => ChatReply;

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

export function createChatCompletion(rawBody: unknown, state: FakeChatState, apiError: ApiError): ChatReply {
  const problem = findRequestProblem(rawBody);
  if (problem) return apiError(400, problem.message, null, problem.param);
  const body = rawBody as ChatRequestBody;
  if (body.stream === true) return apiError(400, 'fake OpenAI server: streaming chat completions are not supported.', null, 'stream');

  const reply = state.replies.shift();
  if (!reply) return apiError(400, 'fake OpenAI server: no chat completion scripted for this request (call queueChatReply first).', null);
  state.completionCount += 1;

  let message: Record<string, unknown>;
  let finishReason: string;
  if ('toolCalls' in reply) {
    const declared = new Set((body.tools ?? []).map((tool) => tool.function.name));
    const undeclared = reply.toolCalls.find((call) => !declared.has(call.name));
    if (undeclared) {
      return apiError(400, `fake OpenAI server: scripted tool call "${undeclared.name}" is not among the request's tools.`, null, 'tools');
    }
    const toolCalls: ChatToolCall[] = reply.toolCalls.map((call) => {
      state.toolCallCount += 1;
      return {
        id: call.id ?? `call_fake_${state.toolCallCount}`,
        type: 'function',
        function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
      };
    });
    message = { role: 'assistant', content: reply.content ?? null, refusal: null, annotations: [], tool_calls: toolCalls };
    finishReason = 'tool_calls';
  } else {
    message = { role: 'assistant', content: reply.content, refusal: null, annotations: [] };
    finishReason = reply.finishReason ?? 'stop';
  }

  const promptTokens = approximateTokens(JSON.stringify(body.messages));
  const completionTokens = approximateTokens(JSON.stringify(message));
  return {
    status: 200,
    body: {
      id: `chatcmpl-fake-${state.completionCount}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      service_tier: 'default',
      system_fingerprint: null,
    },
  };
}

function approximateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The 400s the real API gives for the request mistakes worth catching in tests. */
function findRequestProblem(rawBody: unknown): { message: string; param: string } | undefined {
  const body = rawBody as Partial<ChatRequestBody> | null;
  if (typeof body !== 'object' || body === null) return { message: 'The request body must be a JSON object.', param: 'body' };
  if (typeof body.model !== 'string' || !body.model) return { message: "you must provide a model parameter", param: 'model' };
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { message: "'messages' must contain at least one message.", param: 'messages' };
  }
  const messages = body.messages as unknown[];
  for (const [index, raw] of messages.entries()) {
    const message = raw as { role?: unknown; content?: unknown; tool_call_id?: unknown; tool_calls?: unknown };
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string' || !ROLES.has(message.role)) {
      return { message: `Invalid value for 'messages[${index}].role'.`, param: `messages.[${index}].role` };
    }
    if (message.role === 'tool' && typeof message.tool_call_id !== 'string') {
      return { message: `Missing required parameter: 'messages[${index}].tool_call_id'.`, param: `messages.[${index}].tool_call_id` };
    }
    if (message.role !== 'assistant' && message.content === undefined) {
      return { message: `Missing required parameter: 'messages[${index}].content'.`, param: `messages.[${index}].content` };
    }
  }
  return findToolCallProblem(messages as ChatMessage[]);
}

function findToolCallProblem(messages: ChatMessage[]): { message: string; param: string } | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      const answered = precedingToolCallIds(messages, index);
      if (!answered.has(message.tool_call_id)) {
        return {
          message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${index}].role`,
        };
      }
    }
    if (message.role !== 'assistant' || !message.tool_calls?.length) continue;
    const responded = new Set<string>();
    for (const next of messages.slice(index + 1)) {
      if (next.role !== 'tool') break;
      responded.add(next.tool_call_id);
    }
    const missing = message.tool_calls.map((call) => call.id).filter((id) => !responded.has(id));
    if (missing.length > 0) {
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
        param: `messages.[${index + 1}].role`,
      };
    }
  }
  return undefined;
}

/** Tool call ids of the assistant message that the run of tool messages ending at `index` answers. */
function precedingToolCallIds(messages: ChatMessage[], index: number): Set<string> {
  for (let cursor = index - 1; cursor >= 0; cursor--) {
    const candidate = messages[cursor]!;
    if (candidate.role === 'tool') continue;
    if (candidate.role === 'assistant') return new Set((candidate.tool_calls ?? []).map((call) => call.id));
    break;
  }
  return new Set();
}
