import { createSeededRandom } from './vapi-random';
import { ScenarioDependencyError, type ScenarioStep, type ToolResultEntry, type VapiCallScript } from './vapi-scenarios';

/**
 * The state of one simulated call while it is being delivered, independent of how the HTTP
 * requests are made (the player's `fetch`, or artillery's HTTP engine in the load suite): which
 * message goes next and when, its exact bytes, and what the backend's replies mean for the rest
 * of the call (tool results feed later tool arguments; the assistant's `serverMessages` decide
 * which informational messages Vapi would send at all).
 */
export type Delivery = {
  /** Position in the delivery order. */
  sequence: number;
  step: ScenarioStep;
  /** When to send, in ms after the call's first message (before any speed-up). */
  dueOffsetMs: number;
  /** A second delivery of an earlier message, byte for byte. */
  isDuplicate: boolean;
};

export type DeliveryPlanOptions = {
  /** Informational messages arrive late by up to `maxDisplacement` positions; causal ones never move. */
  outOfOrder?: { seed: number; maxDisplacement?: number };
  /** This share of informational messages is delivered twice. */
  duplicates?: { seed: number; rate: number };
};

/**
 * The order in which a script's messages reach the backend. Vapi guarantees no order between
 * informational messages (a partial can land after its final, the `ended` status after the
 * report), but the assistant-request comes first and tool calls wait for the previous tool's
 * result, so only informational messages are displaced, and only later than produced.
 */
export function planDeliveries(script: VapiCallScript, options: DeliveryPlanOptions = {}): Delivery[] {
  const reorder = options.outOfOrder ? createSeededRandom(options.outOfOrder.seed) : undefined;
  const maxDisplacement = options.outOfOrder?.maxDisplacement ?? 3;
  const keyed = script.steps.map((step) => ({
    step,
    key: step.isCausal || !reorder ? step.index : step.index + reorder() * (maxDisplacement + 0.999),
    isDuplicate: false,
  }));
  if (options.duplicates && options.duplicates.rate > 0) {
    const duplicate = createSeededRandom(options.duplicates.seed);
    for (const original of [...keyed]) {
      if (!original.step.isCausal && duplicate() < options.duplicates.rate) {
        keyed.push({ step: original.step, key: original.key + 0.5 + duplicate() * 2.5, isDuplicate: true });
      }
    }
  }
  keyed.sort((a, b) => a.key - b.key || a.step.index - b.step.index);
  let due = 0;
  return keyed.map((entry, sequence) => {
    due = Math.max(due, entry.step.offsetMs);
    return { sequence, step: entry.step, dueOffsetMs: due, isDuplicate: entry.isDuplicate };
  });
}

export type StepOutcome = {
  sequence: number;
  stepIndex: number;
  type: string;
  label: string;
  isDuplicate: boolean;
  /** Not sent: not needed, or not in the assistant's `serverMessages`. */
  isSkipped: boolean;
  /** HTTP status; undefined when nothing was sent or the request failed. */
  status: number | undefined;
  latencyMs: number | undefined;
  isOk: boolean;
  /** The parsed reply (or its text when not JSON). */
  reply: unknown;
  /** One line for people: the tool's result, the assistant's name, the problem. */
  summary: string;
};

/** `message` is what `rawBody` carries (`{message}`), for readers that need a field without parsing it back. */
export type PendingDelivery = { delivery: Delivery; message: Readonly<Record<string, unknown>>; rawBody: string; toolCalls: { id: string; name: string }[] };

export type CallSessionOptions = DeliveryPlanOptions & {
  /** Send only what the assistant's `serverMessages` asks for, as Vapi does (default true). */
  respectServerMessages?: boolean;
  /** Check replies for what Vapi needs (an assistant, one result per tool call, a destination). Off for echo baselines. */
  checkReplies?: boolean;
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function toolCallsIn(message: Json): { id: string; name: string }[] {
  const fromItem = (item: unknown) => {
    const call = isObject(item) ? item : {};
    const fn = isObject(call.function) ? call.function : {};
    return { id: String(call.id ?? ''), name: String(fn.name ?? call.name ?? '') };
  };
  const list = message.toolCallList ?? message.toolCalls;
  if (Array.isArray(list)) return list.map(fromItem);
  if (Array.isArray(message.toolWithToolCallList)) return message.toolWithToolCallList.map((item) => fromItem(isObject(item) ? item.toolCall : undefined));
  return [];
}

function isAllowedBy(serverMessages: Set<string>, type: string, message: Json): boolean {
  if (type === 'tool-calls') return true; // tool calls go to the tools' server URL whatever the list says
  if (type.startsWith('transcript')) {
    const isFinal = message.transcriptType === 'final';
    return serverMessages.has('transcript') || (isFinal && serverMessages.has('transcript[transcriptType="final"]'));
  }
  return serverMessages.has(type);
}

export type CallSession = {
  script: VapiCallScript;
  /** Tool results so far, in arrival order. */
  results: ToolResultEntry[];
  outcomes: StepOutcome[];
  /** Whether a delivery is still to come. */
  hasNext(): boolean;
  /** The next delivery to send; steps that are not sent are recorded as skipped on the way. */
  next(): PendingDelivery | undefined;
  /** Records the reply (or the failure) of a delivery returned by `next`. */
  record(pending: PendingDelivery, reply: { status: number; bodyText: string; latencyMs: number } | { error: string; latencyMs?: number }): StepOutcome;
};

export function createCallSession(script: VapiCallScript, options: CallSessionOptions = {}): CallSession {
  const deliveries = planDeliveries(script, options);
  const respectServerMessages = options.respectServerMessages ?? true;
  const checkReplies = options.checkReplies ?? true;
  const sentBodies = new Map<number, PendingDelivery>();
  const results: ToolResultEntry[] = [];
  const outcomes: StepOutcome[] = [];
  let allowed: Set<string> | undefined;
  let cursor = 0;

  const base = (delivery: Delivery) => ({
    sequence: delivery.sequence,
    stepIndex: delivery.step.index,
    type: delivery.step.type,
    label: delivery.step.label,
    isDuplicate: delivery.isDuplicate,
  });
  const skip = (delivery: Delivery, summary: string, isOk = true) => {
    outcomes.push({ ...base(delivery), isSkipped: true, status: undefined, latencyMs: undefined, isOk, reply: undefined, summary });
  };

  function judge(pending: PendingDelivery, status: number, reply: unknown): { isOk: boolean; summary: string } {
    const { type } = pending.delivery.step;
    if (status < 200 || status >= 300) return { isOk: false, summary: `HTTP ${status} ${oneLine(JSON.stringify(reply) ?? '')}` };
    const body = isObject(reply) ? reply : {};
    if (type === 'assistant-request') {
      const assistant = isObject(body.assistant) ? body.assistant : undefined;
      if (assistant && Array.isArray(assistant.serverMessages) && !pending.delivery.isDuplicate) {
        allowed = new Set(assistant.serverMessages.map(String));
      }
      if (assistant) return { isOk: true, summary: `assistant "${String(assistant.name ?? '')}": ${oneLine(String(assistant.firstMessage ?? ''), 90)}` };
      if (typeof body.error === 'string') return { isOk: !checkReplies, summary: `error spoken to caller: ${oneLine(body.error)}` };
      return { isOk: !checkReplies || typeof body.assistantId === 'string' || isObject(body.destination), summary: oneLine(JSON.stringify(body)) };
    }
    if (type === 'tool-calls') {
      const answers = Array.isArray(body.results) ? body.results.filter(isObject) : [];
      const problems: string[] = [];
      const lines: string[] = [];
      pending.toolCalls.forEach((call, index) => {
        const answer = answers.find((candidate) => candidate.toolCallId === call.id) ?? (answers[index]?.toolCallId === undefined ? answers[index] : undefined);
        if (!answer) {
          if (checkReplies) problems.push(`no result for ${call.name} (${call.id})`);
          return;
        }
        const entry: ToolResultEntry = { toolCallId: call.id, name: call.name };
        if (typeof answer.result === 'string') entry.result = answer.result;
        if (typeof answer.error === 'string') entry.error = answer.error;
        if (!pending.delivery.isDuplicate) results.push(entry);
        if (entry.error !== undefined) problems.push(`${call.name} error: ${entry.error}`);
        else if (checkReplies && (entry.result === undefined || /[\r\n]/.test(entry.result))) problems.push(`${call.name}: result is not a single-line string`);
        lines.push(`${call.name} → ${entry.result ?? entry.error ?? ''}`);
      });
      if (checkReplies && answers.length !== pending.toolCalls.length) problems.push(`${answers.length} results for ${pending.toolCalls.length} calls`);
      return { isOk: problems.length === 0, summary: oneLine(problems.length > 0 ? problems.join('; ') : lines.join(' | '), 220) };
    }
    if (type === 'transfer-destination-request') {
      const destination = isObject(body.destination) ? body.destination : undefined;
      return { isOk: !checkReplies || typeof destination?.number === 'string', summary: destination ? `destination ${String(destination.number ?? JSON.stringify(destination))}` : oneLine(JSON.stringify(body)) };
    }
    return { isOk: true, summary: oneLine(JSON.stringify(reply) ?? '', 60) };
  }

  return {
    script,
    results,
    outcomes,
    hasNext: () => cursor < deliveries.length,
    next() {
      while (cursor < deliveries.length) {
        const delivery = deliveries[cursor]!;
        cursor += 1;
        const { step } = delivery;
        if (delivery.isDuplicate) {
          const original = sentBodies.get(step.index);
          if (!original) {
            skip(delivery, 'duplicate of a message that was not sent');
            continue;
          }
          return { ...original, delivery };
        }
        if (step.isNeeded && !step.isNeeded(results)) {
          skip(delivery, 'not needed');
          continue;
        }
        let message: Json;
        try {
          message = step.build(results).message;
        } catch (error) {
          if (!(error instanceof ScenarioDependencyError)) throw error;
          skip(delivery, error.message, false);
          continue;
        }
        if (respectServerMessages && allowed && !isAllowedBy(allowed, step.type, message)) {
          skip(delivery, 'not in the assistant’s serverMessages');
          continue;
        }
        const pending: PendingDelivery = { delivery, message, rawBody: JSON.stringify({ message }), toolCalls: step.type === 'tool-calls' ? toolCallsIn(message) : [] };
        sentBodies.set(step.index, pending);
        return pending;
      }
      return undefined;
    },
    record(pending, reply) {
      let outcome: StepOutcome;
      if ('error' in reply) {
        outcome = { ...base(pending.delivery), isSkipped: false, status: undefined, latencyMs: reply.latencyMs, isOk: false, reply: undefined, summary: oneLine(reply.error) };
      } else {
        let parsed: unknown = reply.bodyText;
        try {
          parsed = reply.bodyText === '' ? undefined : JSON.parse(reply.bodyText);
        } catch {
          // keep the text
        }
        const verdict = judge(pending, reply.status, parsed);
        outcome = { ...base(pending.delivery), isSkipped: false, status: reply.status, latencyMs: reply.latencyMs, isOk: verdict.isOk, reply: parsed, summary: verdict.summary };
      }
      outcomes.push(outcome);
      return outcome;
    },
  };
}
