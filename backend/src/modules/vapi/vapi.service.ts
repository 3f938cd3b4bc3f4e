import type { Db } from '../../platform/db';
import type { EventPublisher, PublishRequest, DomainEventType } from '../../platform/events/domain-events';
import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import {
  createCallsRepo,
  createToolCallsRepo,
  type CallEventResult,
  type CallIdentity,
  type CallRef,
  type DecidedOutcome,
  type InboxRecord,
} from '../calls/calls.repo';
import type { ConversationPorts } from '../conversation/conversation.ports';
import { isUuid } from '../../platform/http/route-params';
import { detectEmergency } from '../safety/emergency';
import {
  endOfCallReportOf,
  speechUpdateOf,
  statusUpdateOf,
  toolCallsOf,
  transcriptOf,
  vapiIdempotencyKey,
  type VapiMessage,
  type VapiToolCall,
} from './vapi.messages';
import { toSingleLine, type ToolOutcome, type VapiToolExecutor } from './vapi.tools';

/** Builds the transient assistant for a call from local data only (agent module). */
export type AssistantProvider = {
  assistantForCall(input: { clinicId: string; callerNumber?: string }): Promise<object>;
};

export type VapiWebhookResult = { body: Record<string, unknown>; result: 'processed' | 'duplicate' | 'ignored' };

const UNKNOWN_NUMBER_MESSAGE = "Sorry, this number isn't connected to a clinic yet. Please try again later.";
const TOOL_FAILED_MESSAGE = "Sorry, I couldn't do that just now. Offer to take a message for the team.";
// Retried deliveries of a tool call that is still running elsewhere wait this long for its result.
const TOOL_RESULT_WAIT_MS = 5_000;
const TOOL_RESULT_POLL_MS = 50;
const CACHE_LIMIT = 10_000;

type ToolRun = { outcome: ToolOutcome; hasCallEnded: boolean };

/** A bounded map that forgets the oldest entries: per-instance memory of hot calls and numbers. */
class BoundedMap<Key, Value> extends Map<Key, Value> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: Key, value: Value): this {
    if (!this.has(key) && this.size >= this.limit) this.delete(this.keys().next().value as Key);
    return super.set(key, value);
  }
}

/**
 * The Vapi call lifecycle: every server message is authenticated upstream, then recorded and
 * applied in one statement — one transaction, `webhook_events` its idempotency gate (calls repo,
 * migration 0012) — and what changed is published to the clinic's realtime stream after commit.
 * Calls are created by whichever event arrives first and completed by the others; statuses
 * move forward only; final transcripts are stored in spoken order; the outcome is derived from
 * what happened and refreshed if facts arrive after the report. Red flags in the caller's live speech escalate at once.
 */
export function createVapiService(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventPublisher;
  ports: ConversationPorts;
  tools: VapiToolExecutor;
  assistants: AssistantProvider;
}) {
  const logger = deps.logger.child({ component: 'vapi' });
  const calls = new BoundedMap<string, CallRef>(CACHE_LIMIT);
  const finalCounts = new BoundedMap<string, number>(CACHE_LIMIT);
  const emergencyCalls = new BoundedMap<string, true>(CACHE_LIMIT);
  const toolRuns = new Map<string, Promise<ToolRun>>();

  async function publish<Type extends DomainEventType>(request: PublishRequest<Type>): Promise<void> {
    try {
      await deps.events.publish(request);
    } catch (error) {
      logger.error('call event not published', { eventType: request.type, error });
    }
  }

  /** The clinic: called number, Vapi phone-number id, assistant metadata, then a call we know. */
  async function resolveClinic(message: VapiMessage): Promise<string | undefined> {
    const known = message.call.id ? calls.get(message.call.id) : undefined;
    if (known) return known.clinicId;
    const metadataClinicId = message.metadataClinicId && isUuid(message.metadataClinicId) ? message.metadataClinicId : null;
    const { rows } = await deps.db.query<{ clinic_id: string | null }>(
      `SELECT coalesce(
         (SELECT clinic_id FROM clinic_phone_numbers WHERE e164 = $1),
         (SELECT clinic_id FROM clinic_phone_numbers WHERE vapi_phone_number_id = $2),
         (SELECT id FROM clinics WHERE id = $3::uuid),
         (SELECT clinic_id FROM calls WHERE provider = 'vapi' AND provider_call_id = $4)
       ) AS clinic_id`,
      [message.calledNumber ?? null, message.call.phoneNumberId ?? null, metadataClinicId, message.call.id ?? null],
    );
    return rows[0]?.clinic_id ?? undefined;
  }

  function direction(message: VapiMessage): 'inbound' | 'outbound' | 'web' {
    if (message.call.type === 'outboundPhoneCall') return 'outbound';
    if (message.call.type === 'webCall') return 'web';
    return 'inbound';
  }

  function identityOf(clinicId: string, message: VapiMessage): CallIdentity {
    return {
      clinicId,
      provider: 'vapi',
      providerCallId: message.call.id,
      direction: direction(message),
      fromNumber: message.call.customerNumber,
      toNumber: message.calledNumber,
      startedAt: message.call.startedAt,
    };
  }

  function inboxOf(message: VapiMessage, rawBody: Buffer): InboxRecord {
    return {
      provider: 'vapi',
      idempotencyKey: vapiIdempotencyKey(message, rawBody),
      eventType: message.type,
      payload: { message: message.body },
      receivedAt: deps.clock.now(),
    };
  }

  async function announceNewCall(call: CallRef, message: VapiMessage): Promise<void> {
    if (!call.isNew) return;
    await publish({
      clinicId: call.clinicId,
      type: 'call.started',
      callId: call.id,
      data: {
        provider: 'vapi',
        ...(message.call.customerNumber ? { from: message.call.customerNumber } : {}),
        ...(message.calledNumber ? { to: message.calledNumber } : {}),
        patientId: call.patientId,
      },
    });
  }

  async function publishEnded(clinicId: string, callId: string, decided: DecidedOutcome): Promise<void> {
    await publish({
      clinicId,
      type: 'call.ended',
      callId,
      data: { outcome: decided.outcome, summary: decided.summary, durationSeconds: decided.durationSeconds, endedReason: decided.endedReason },
    });
  }

  /** A red flag in the caller's words: mark the call, escalate (alert + on-call SMS) — once per call. */
  async function checkForEmergency(call: CallRef, text: string, callerNumber: string | undefined): Promise<void> {
    const emergency = detectEmergency(text);
    // A call stays an emergency once marked, so its later red flags need no database round trip.
    if (!emergency.isEmergency || emergencyCalls.has(call.id)) return;
    const isFirst = await createCallsRepo(deps.db).markEmergency(call.id, deps.clock.now());
    emergencyCalls.set(call.id, true);
    if (!isFirst) return;
    logger.warn('red flag heard on a live call', { clinicId: call.clinicId, callId: call.id, kind: emergency.kind });
    await deps.ports.escalate(call.clinicId, {
      kind: 'emergency',
      severity: 'critical',
      channel: 'voice',
      summary: `Emergency (${emergency.kind ?? 'red flag'}) heard live on a call`,
      callId: call.id,
      idempotencyKey: `call:${call.id}:emergency`,
      ...(callerNumber ? { patientPhone: callerNumber } : {}),
    });
  }

  /** After the event's call row committed: remember the call for its later events, announce it if new. */
  async function afterCommit(call: CallRef, message: VapiMessage): Promise<void> {
    if (message.call.id) calls.set(message.call.id, { ...call, isNew: false });
    await announceNewCall(call, message);
  }

  /** After a recorded event committed: its call remembered and announced; undefined for a duplicate delivery. */
  async function afterRecord(result: CallEventResult, message: VapiMessage): Promise<Extract<CallEventResult, { isFirstDelivery: true }> | undefined> {
    if (!result.isFirstDelivery) return undefined;
    if (result.call) await afterCommit(result.call, message);
    return result;
  }

  async function handleStatusUpdate(clinicId: string, message: VapiMessage, rawBody: Buffer): Promise<VapiWebhookResult> {
    const update = statusUpdateOf(message);
    const at = message.timestamp === undefined ? undefined : new Date(message.timestamp);
    const isEnded = update?.status === 'ended';
    const recorded = await afterRecord(
      await createCallsRepo(deps.db).recordStatus(
        inboxOf(message, rawBody),
        identityOf(clinicId, message),
        update && { status: update.status, at, endedReason: isEnded ? update.endedReason : undefined, endedAt: isEnded ? (message.call.endedAt ?? at) : undefined },
      ),
      message,
    );
    if (!recorded) return { body: {}, result: 'duplicate' };
    if (recorded.call && recorded.isChanged && update) {
      await publish({
        clinicId,
        type: 'call.status',
        callId: recorded.call.id,
        data: { status: update.status, ...(update.endedReason ? { endedReason: update.endedReason } : {}) },
      });
    }
    if (recorded.call && recorded.decided) await publishEnded(clinicId, recorded.call.id, recorded.decided);
    return { body: {}, result: 'processed' };
  }

  async function partialSeq(call: CallRef): Promise<number> {
    const cached = finalCounts.get(call.id);
    if (cached !== undefined) return cached;
    const count = await createCallsRepo(deps.db).countFinalSegments(call.id);
    finalCounts.set(call.id, count);
    return count;
  }

  async function handleTranscript(clinicId: string, message: VapiMessage, rawBody: Buffer): Promise<VapiWebhookResult> {
    const part = transcriptOf(message);
    if (!part) return { body: {}, result: 'ignored' };

    if (!part.isFinal) {
      // Partials are superseded by the final: streamed, never stored, and not worth an inbox row.
      const call = await knownCall(clinicId, message);
      if (!call) return { body: {}, result: 'ignored' };
      await publish({ clinicId, type: 'transcript', callId: call.id, data: { seq: await partialSeq(call), role: part.role, text: part.text, final: false } });
      if (part.role === 'user') await checkForEmergency(call, part.text, message.call.customerNumber);
      return { body: {}, result: 'processed' };
    }

    const spokenAt = new Date(message.timestamp ?? deps.clock.now().getTime());
    const recorded = await afterRecord(
      await createCallsRepo(deps.db).recordFinalSegment(inboxOf(message, rawBody), identityOf(clinicId, message), { role: part.role, text: part.text, spokenAt }),
      message,
    );
    if (!recorded) return { body: {}, result: 'duplicate' };
    const { call, segment } = recorded;
    if (!call || !segment) return { body: {}, result: 'ignored' };
    finalCounts.set(call.id, segment.count);
    await publish({ clinicId, type: 'transcript', callId: call.id, data: { seq: segment.seq, role: part.role, text: part.text, final: true } });
    if (recorded.decided) await publishEnded(clinicId, call.id, recorded.decided);
    if (part.role === 'user') await checkForEmergency(call, part.text, message.call.customerNumber);
    return { body: {}, result: 'processed' };
  }

  async function handleReport(clinicId: string, message: VapiMessage, rawBody: Buffer): Promise<VapiWebhookResult> {
    const report = endOfCallReportOf(message);
    const identity = identityOf(clinicId, message);
    const recorded = await afterRecord(
      await createCallsRepo(deps.db).recordReport(inboxOf(message, rawBody), { ...identity, startedAt: report.startedAt ?? identity.startedAt }, {
        endedReason: report.endedReason,
        endedAt: report.endedAt,
        durationSeconds: report.durationSeconds,
        cost: report.cost,
        summary: report.summary,
        recordingUrl: report.recordingUrl,
        stereoRecordingUrl: report.stereoRecordingUrl,
        analysis: {
          ...(report.structuredData ? { structuredData: report.structuredData } : {}),
          ...(report.successEvaluation !== undefined ? { successEvaluation: report.successEvaluation } : {}),
        },
      }),
      message,
    );
    if (!recorded) return { body: {}, result: 'duplicate' };
    if (recorded.call && recorded.decided) await publishEnded(clinicId, recorded.call.id, recorded.decided);
    return { body: {}, result: 'processed' };
  }

  /** The call of a message that changes no stored fact: from memory, else created or found once. */
  async function knownCall(clinicId: string, message: VapiMessage): Promise<CallRef | undefined> {
    const providerCallId = message.call.id;
    if (!providerCallId) return undefined;
    const cached = calls.get(providerCallId);
    if (cached) return cached;
    const call = await createCallsRepo(deps.db).upsertCall({ ...identityOf(clinicId, message), providerCallId });
    await afterCommit(call, message);
    return call;
  }

  /**
   * speech-update, hang, conversation-update and types we do not act on change no stored fact:
   * they are streamed (speech and hang) and acknowledged, not written to the inbox. Writing them
   * cost a transaction each — on the embedded database one at a time, ahead of the tool calls a
   * caller is waiting for — and conversation-update repeats the whole conversation every turn.
   */
  async function handleInformational(clinicId: string, message: VapiMessage): Promise<VapiWebhookResult> {
    if (message.type !== 'speech-update' && message.type !== 'hang') return { body: {}, result: 'ignored' };
    const call = await knownCall(clinicId, message);
    if (call && message.type === 'speech-update') {
      const speech = speechUpdateOf(message);
      if (speech) await publish({ clinicId, type: 'call.status', callId: call.id, data: { status: 'in-progress', speech: { role: speech.role, status: speech.status } } });
    } else if (call && message.type === 'hang') {
      await publish({ clinicId, type: 'call.status', callId: call.id, data: { status: 'in-progress', isAssistantDelayed: true } });
    }
    return { body: {}, result: 'processed' };
  }

  async function waitForStoredResult(callId: string, toolCallId: string): Promise<ToolOutcome | undefined> {
    const repo = createToolCallsRepo(deps.db);
    const deadline = Date.now() + TOOL_RESULT_WAIT_MS;
    while (Date.now() < deadline) {
      const stored = await repo.find(callId, toolCallId);
      if (stored?.result) return { result: stored.result, effect: null };
      if (stored?.error) return { error: stored.error, effect: null };
      await new Promise((resolve) => setTimeout(resolve, TOOL_RESULT_POLL_MS));
    }
    return undefined;
  }

  /**
   * One tool call, exactly once: the first delivery runs it, retries get its stored result.
   * `hasCallEnded` tells the delivery that ran it that the call had already ended.
   */
  async function runToolCall(call: CallRef, toolCall: VapiToolCall, callerNumber: string | undefined): Promise<ToolRun> {
    const runKey = `${call.id}:${toolCall.id}`;
    const running = toolRuns.get(runKey);
    if (running) return running;
    const run = (async (): Promise<ToolRun> => {
      const repo = createToolCallsRepo(deps.db);
      const isClaimed = await repo.claim({ clinicId: call.clinicId, callId: call.id, toolCallId: toolCall.id, name: toolCall.name, arguments: toolCall.arguments });
      if (!isClaimed) {
        // Another instance holds it: its result, or — if it died mid-way — run it again; every
        // tool is idempotent on (call, tool call id), so a second run changes nothing twice.
        const stored = await waitForStoredResult(call.id, toolCall.id);
        if (stored) return { outcome: stored, hasCallEnded: false };
      }
      let outcome: ToolOutcome;
      if (toolCall.argumentsError) {
        outcome = { error: `Invalid arguments: ${toolCall.argumentsError}.`, effect: null };
      } else {
        try {
          outcome = await deps.tools.execute(toolCall.name, toolCall.arguments, {
            clinicId: call.clinicId,
            callId: call.id,
            toolCallId: toolCall.id,
            callerNumber,
          });
        } catch (error) {
          logger.error('voice tool failed', { tool: toolCall.name, clinicId: call.clinicId, callId: call.id, error });
          outcome = { error: TOOL_FAILED_MESSAGE, effect: null };
        }
      }
      const { hasCallEnded } = await repo.complete(call.id, toolCall.id, { result: outcome.result ?? null, error: outcome.error ?? null, effect: outcome.effect });
      if (outcome.effect === 'emergency') {
        await createCallsRepo(deps.db).markEmergency(call.id, deps.clock.now());
        emergencyCalls.set(call.id, true);
      }
      await publish({
        clinicId: call.clinicId,
        type: 'call.tool',
        callId: call.id,
        data: {
          name: toolCall.name,
          toolCallId: toolCall.id,
          ...(outcome.result !== undefined ? { result: outcome.result } : { error: outcome.error }),
          ...(outcome.effect ? { effect: outcome.effect } : {}),
        },
      });
      return { outcome, hasCallEnded };
    })();
    toolRuns.set(runKey, run);
    try {
      return await run;
    } finally {
      toolRuns.delete(runKey);
    }
  }

  async function handleToolCalls(clinicId: string | undefined, message: VapiMessage): Promise<VapiWebhookResult> {
    const toolCalls = toolCallsOf(message);
    const errorResults = (error: string) => ({ results: toolCalls.map((toolCall) => ({ toolCallId: toolCall.id, name: toolCall.name, error })) });
    if (!clinicId) return { body: errorResults(UNKNOWN_NUMBER_MESSAGE), result: 'ignored' };
    // Each tool call has its own exactly-once gate and record (call_tool_calls: arguments, result),
    // so the delivery itself needs no inbox row: one statement, not a transaction, on the call path.
    const call = await knownCall(clinicId, message);
    if (!call) return { body: errorResults(TOOL_FAILED_MESSAGE), result: 'ignored' };

    const results: Record<string, unknown>[] = [];
    let hasCallEnded = false;
    // In order, one after another: a booking may depend on the availability checked before it.
    for (const toolCall of toolCalls) {
      const { outcome, hasCallEnded: hasEnded } = await runToolCall(call, toolCall, message.call.customerNumber);
      hasCallEnded ||= hasEnded;
      results.push(
        outcome.result !== undefined
          ? { toolCallId: toolCall.id, name: toolCall.name, result: toSingleLine(outcome.result) }
          : { toolCallId: toolCall.id, name: toolCall.name, error: toSingleLine(outcome.error) },
      );
    }
    // Tool calls normally arrive mid-call; only a late one for an ended call changes its outcome.
    if (hasCallEnded) {
      const decided = await createCallsRepo(deps.db).refreshOutcome(call.id);
      if (decided) await publishEnded(clinicId, call.id, decided);
    }
    return { body: { results }, result: 'processed' };
  }

  async function handleAssistantRequest(clinicId: string | undefined, message: VapiMessage): Promise<VapiWebhookResult> {
    if (!clinicId) return { body: { error: UNKNOWN_NUMBER_MESSAGE }, result: 'ignored' };
    // The caller is waiting: build the assistant and open the call row (one statement) side by side.
    const [assistant] = await Promise.all([
      deps.assistants.assistantForCall({ clinicId, ...(message.call.customerNumber ? { callerNumber: message.call.customerNumber } : {}) }),
      knownCall(clinicId, message),
    ]);
    return { body: { assistant }, result: 'processed' };
  }

  async function handleTransferRequest(clinicId: string | undefined): Promise<VapiWebhookResult> {
    if (!clinicId) return { body: { error: UNKNOWN_NUMBER_MESSAGE }, result: 'ignored' };
    const profile = await deps.ports.getClinicProfile(clinicId);
    const number = profile.onCallNumber ?? profile.emergencyLine;
    if (!number) return { body: { error: "I'm sorry, there's nobody I can transfer you to right now. I'll ask the team to call you back." }, result: 'processed' };
    return {
      body: { destination: { type: 'number', number, message: `Connecting you to the ${profile.name} team now.` } },
      result: 'processed',
    };
  }

  return {
    /** Handles one authentic, parsed Vapi server message; the body is what Vapi gets back. */
    async handle(message: VapiMessage, rawBody: Buffer): Promise<VapiWebhookResult> {
      const clinicId = await resolveClinic(message);
      switch (message.type) {
        case 'assistant-request':
          return handleAssistantRequest(clinicId, message);
        case 'tool-calls':
          return handleToolCalls(clinicId, message);
        case 'transfer-destination-request':
          return handleTransferRequest(clinicId);
      }
      // Informational: an unknown clinic is acknowledged and ignored (Vapi would only log a rejection).
      if (!clinicId) return { body: {}, result: 'ignored' };
      switch (message.type) {
        case 'status-update':
          return handleStatusUpdate(clinicId, message, rawBody);
        case 'transcript':
          return handleTranscript(clinicId, message, rawBody);
        case 'end-of-call-report':
          return handleReport(clinicId, message, rawBody);
        default:
          return handleInformational(clinicId, message);
      }
    },
  };
}

export type VapiService = ReturnType<typeof createVapiService>;
