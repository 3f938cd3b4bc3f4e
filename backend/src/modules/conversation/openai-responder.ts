import type OpenAI from 'openai';
import { createOpenAiClient, describeOpenAiFailure } from '../../platform/openai/openai-client';
import type { Logger } from '../../platform/logger';
import type { PartOfDay } from './booking-request';
import type { Channel, ClinicProfile, ConversationPorts } from './conversation.ports';
import { describeServicePrice, type PricedService } from './service-prices';

/**
 * An answer producer for the engine's non-safety branches (questions, general replies). The
 * engine runs every safety check before calling it and passes its text through the output
 * guardrails afterwards; returning (or throwing) makes the engine fall back to its local answer.
 */
export type ResponderInput = {
  clinicId: string;
  clinic: ClinicProfile;
  channel: Channel;
  text: string;
  history: { role: 'patient' | 'assistant'; text: string }[];
};

export type ResponderOutput = { reply: string; citations: string[] };

export type Responder = {
  respond(input: ResponderInput, ports: ConversationPorts): Promise<ResponderOutput>;
};

export type OpenAiResponderOptions = {
  apiKey: string;
  baseUrl?: string;
  model?: string;
  maxRetries?: number;
  timeoutMs?: number;
  logger: Logger;
};

const DEFAULT_MODEL = 'gpt-4o-mini';
const MAX_TOOL_ROUNDS = 3;
const SEARCH_RESULTS = 4;
const SLOT_RESULTS = 5;

const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'search_knowledge_base',
      description: "Search the clinic's knowledge base (prices, treatments, policies, opening hours). Returns passages with their ids.",
      parameters: {
        type: 'object',
        properties: { query: { type: 'string', description: 'What to look up' } },
        required: ['query'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'check_availability',
      description: 'List free appointment times for a treatment.',
      parameters: {
        type: 'object',
        properties: {
          service: { type: 'string', description: 'Treatment name, e.g. "HydraFacial"' },
          day: { type: 'string', description: 'YYYY-MM-DD in the clinic time zone' },
          partOfDay: { type: 'string', enum: ['morning', 'afternoon', 'evening'] },
        },
        required: ['service'],
        additionalProperties: false,
      },
    },
  },
];

export function buildSystemPrompt(clinic: ClinicProfile, channel: Channel, services: readonly PricedService[] = []): string {
  const length =
    channel === 'voice'
      ? 'This is a phone call: answer in at most two short spoken sentences, no lists or markdown.'
      : 'This is a text message: answer in plain text under 300 characters.';
  const rules = [
    `You are the receptionist of ${clinic.name}, an aesthetics clinic (time zone ${clinic.timezone}).`,
    "Answer only from the clinic's knowledge base (use search_knowledge_base) and availability (use check_availability). If you do not find the answer, say you don't have that information.",
    clinic.safeMode
      ? 'Safe Mode: never diagnose; never recommend, dose or comment on medication; never say whether a symptom is normal. For any clinical question, offer a call-back from a clinician.'
      : 'Never diagnose and never recommend or dose medication; offer a call-back from a clinician for clinical questions.',
    'Ask at most one question per reply.',
    length,
  ];
  if (clinic.emergencyLine) rules.push(`The clinic's emergency line is ${clinic.emergencyLine}.`);
  // The owner edits these on the dashboard; knowledge-base text may still show an older price.
  if (services.length > 0) rules.push(`Current services and prices (these win over any price in the knowledge base): ${services.map(describeServicePrice).join('; ')}.`);
  return rules.join('\n');
}

/** A responder that asks chat completions (the official SDK, any server speaking it at `baseUrl`), with tools over the ports. */
export function createOpenAiResponder(options: OpenAiResponderOptions): Responder {
  const model = options.model ?? DEFAULT_MODEL;
  const logger = options.logger.child({ component: 'openai-responder', model });
  const client = createOpenAiClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs ?? 15_000,
    logger,
  });

  async function runTool(
    call: OpenAI.Chat.Completions.ChatCompletionMessageToolCall,
    input: ResponderInput,
    ports: ConversationPorts,
    citations: string[],
  ): Promise<string> {
    if (call.type !== 'function') return JSON.stringify({ error: 'unsupported tool type' });
    let args: Record<string, unknown>;
    try {
      const parsed = JSON.parse(call.function.arguments) as unknown;
      args = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return JSON.stringify({ error: 'arguments were not valid JSON' });
    }
    if (call.function.name === 'search_knowledge_base') {
      const query = typeof args.query === 'string' && args.query.trim() ? args.query : input.text;
      const results = await ports.searchKnowledge(input.clinicId, query, SEARCH_RESULTS);
      for (const result of results) if (!citations.includes(result.chunkId)) citations.push(result.chunkId);
      return JSON.stringify({ results: results.map((result) => ({ id: result.chunkId, content: result.content })) });
    }
    if (call.function.name === 'check_availability') {
      const wanted = typeof args.service === 'string' ? args.service.toLowerCase().trim() : '';
      const services = await ports.listServices(input.clinicId);
      const service =
        services.find((candidate) => candidate.name.toLowerCase() === wanted) ??
        services.find((candidate) => wanted && (candidate.name.toLowerCase().includes(wanted) || wanted.includes(candidate.name.toLowerCase())));
      if (!service) return JSON.stringify({ error: 'unknown service', services: services.map((candidate) => candidate.name) });
      const day = typeof args.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(args.day) ? args.day : undefined;
      const partOfDay = args.partOfDay === 'morning' || args.partOfDay === 'afternoon' || args.partOfDay === 'evening' ? (args.partOfDay as PartOfDay) : undefined;
      const slots = await ports.findSlots(input.clinicId, { serviceId: service.id, day, partOfDay, limit: SLOT_RESULTS });
      return JSON.stringify({
        service: service.name,
        slots: slots.map((slot) => ({ startsAt: slot.startsAt.toISOString(), practitioner: slot.practitionerName })),
      });
    }
    return JSON.stringify({ error: `unknown tool ${call.function.name}` });
  }

  return {
    async respond(input, ports) {
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: 'system', content: buildSystemPrompt(input.clinic, input.channel, await ports.listServices(input.clinicId)) },
        ...input.history.map((turn): OpenAI.Chat.Completions.ChatCompletionMessageParam =>
          turn.role === 'patient' ? { role: 'user', content: turn.text } : { role: 'assistant', content: turn.text },
        ),
        { role: 'user', content: input.text },
      ];
      const citations: string[] = [];
      for (let round = 0; ; round++) {
        const isLastRound = round >= MAX_TOOL_ROUNDS;
        let completion: OpenAI.Chat.Completions.ChatCompletion;
        try {
          completion = await client.chat.completions.create({
            model,
            messages,
            tools: TOOLS,
            ...(isLastRound ? { tool_choice: 'none' as const } : {}),
          });
        } catch (error) {
          throw describeFailure(error, options.apiKey, logger);
        }
        const message = completion.choices[0]?.message;
        if (!message) throw new Error('chat completion had no choices');
        const toolCalls = message.tool_calls ?? [];
        if (toolCalls.length === 0 || isLastRound) {
          const reply = message.content?.trim();
          if (!reply) throw new Error('chat completion had no text');
          return { reply, citations };
        }
        messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: toolCalls });
        for (const call of toolCalls) {
          messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(call, input, ports, citations) });
        }
      }
    },
  };
}

/** Provider messages can quote a masked key: only the scrubbed text goes anywhere. */
function describeFailure(error: unknown, apiKey: string, logger: Logger): Error {
  const failure = describeOpenAiFailure(error, apiKey);
  if (failure.status === undefined && failure.reason === 'unexpected error') {
    return new Error(`LLM request failed: ${failure.providerMessage}`);
  }
  logger.debug('chat completion failed', { status: failure.status, requestId: failure.requestId, providerMessage: failure.providerMessage });
  return new Error(`LLM request failed: ${failure.reason}`);
}
