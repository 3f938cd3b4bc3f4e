import type { Db } from '../../platform/db';
import type { DomainEventType, EventPublisher, PublishRequest } from '../../platform/events/domain-events';
import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import { createAgentRepo } from '../agent/agent.repo';
import { createCallsRepo, type CallEventResult, type CallIdentity, type CallRef, type DecidedOutcome, type InboxRecord } from '../calls/calls.repo';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import type { ConversationEngine, EngineOutput, Turn } from '../conversation/conversation.engine';
import type { ConversationPorts } from '../conversation/conversation.ports';
import type { PatientsService } from '../patients/patients.service';
import { emergencyNumberFor } from '../safety/emergency';
import type { TwilioParams } from './twilio.auth';
import { createTwilioVoiceRepo, type SpokenLine, type StoredTurn } from './twilio-voice.repo';
import {
  buildVoiceGreeting,
  callerNumberOf,
  directionOf,
  durationSecondsOf,
  endedReasonOf,
  isFinalCallStatus,
  liveStatusOf,
  parseGatherPosition,
  repromptFor,
  type GatherPosition,
} from './twilio-voice.rules';
import { apologyTwiml, forwardTwiml, gatherUrlFor, hangUpTwiml, listenTwiml } from './twilio-voice.twiml';
import { createTurnGate } from './twilio-voice.turns';

export type TwilioVoiceServiceDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventPublisher;
  conversation: Pick<ConversationEngine, 'respond'>;
  ports: Pick<ConversationPorts, 'getClinicProfile'>;
  patients: Pick<PatientsService, 'findByPhone'>;
  clinicConfig: ClinicConfigCache;
};

/** The TwiML Twilio gets back, and how the delivery was counted. */
export type TwilioVoiceReply = { twiml: string; result: 'processed' | 'duplicate' | 'ignored' };

/** A Twilio voice request: its signed parameters, and the public URL its `<Gather>` answers come back to. */
export type TwilioVoiceRequest = { params: TwilioParams; publicBaseUrl: string };

const UNKNOWN_NUMBER_MESSAGE = "Sorry, this number isn't connected to a clinic yet. Please try again later. Goodbye.";
const SILENCE_GOODBYE = "I still can't hear anything, so I'll end the call now. Please call back whenever you're ready. Goodbye.";
const FORWARD_NOTICE = "If you'd rather stay on the line, I'm connecting you to the clinic's on-call team now.";

function historyOf(lines: SpokenLine[]): Turn[] {
  return lines.map((line) => ({ role: line.role === 'user' ? 'patient' : 'assistant', text: line.text }));
}

function isEmergency(output: EngineOutput): boolean {
  return output.intent === 'emergency' || output.flags.emergency;
}

/**
 * Voice calls Twilio runs itself, when Vapi is not in front: a TwiML dialogue of `<Say>` and
 * `<Gather input="speech">` around the same conversation engine as every channel. Each turn
 * (greeting = 0, then one per `<Gather>` answer) is answered exactly once through the turn gate
 * (`twilio-voice.turns.ts`), so nothing the caller said is acted on twice. The engine is
 * stateless, so its history is the call's stored transcript. Calls, statuses, transcript
 * segments and the end of the call go through the same call-event functions as Vapi's (calls
 * repo) and are streamed to the dashboard the same way.
 */
export function createTwilioVoiceService(deps: TwilioVoiceServiceDeps) {
  const logger = deps.logger.child({ component: 'twilio-voice' });
  const calls = createCallsRepo(deps.db);
  const repo = createTwilioVoiceRepo(deps.db);
  const agentRepo = createAgentRepo(deps.db);
  const turns = createTurnGate({ repo, clock: deps.clock, logger });

  async function publish<Type extends DomainEventType>(request: PublishRequest<Type>): Promise<void> {
    try {
      await deps.events.publish(request);
    } catch (error) {
      logger.error('call event not published', { eventType: request.type, error });
    }
  }

  /** `startedAt` only when the call is answered: later events keep what is stored. */
  function identityOf(clinicId: string, params: TwilioParams, startedAt?: Date): CallIdentity & { providerCallId: string } {
    return {
      clinicId,
      provider: 'twilio',
      providerCallId: params.CallSid!,
      direction: directionOf(params.Direction),
      fromNumber: params.From || undefined,
      toNumber: params.To || undefined,
      startedAt,
    };
  }

  function inboxOf(idempotencyKey: string, eventType: string, payload: unknown): InboxRecord {
    return { provider: 'twilio', idempotencyKey, eventType, payload, receivedAt: deps.clock.now() };
  }

  async function announce(call: CallRef, params: TwilioParams): Promise<void> {
    if (!call.isNew) return;
    await publish({
      clinicId: call.clinicId,
      type: 'call.started',
      callId: call.id,
      data: { provider: 'twilio', ...(params.From ? { from: params.From } : {}), ...(params.To ? { to: params.To } : {}), patientId: call.patientId },
    });
  }

  async function publishEnded(call: CallRef, decided: DecidedOutcome): Promise<void> {
    await publish({
      clinicId: call.clinicId,
      type: 'call.ended',
      callId: call.id,
      data: { outcome: decided.outcome, summary: decided.summary, durationSeconds: decided.durationSeconds, endedReason: decided.endedReason },
    });
  }

  /** After a recorded status committed: the call announced if it is new, its change streamed. */
  async function afterStatus(result: CallEventResult, params: TwilioParams, status: string, endedReason?: string): Promise<CallRef | undefined> {
    if (!result.isFirstDelivery || !result.call) return undefined;
    await announce(result.call, params);
    if (result.isChanged) {
      await publish({ clinicId: result.call.clinicId, type: 'call.status', callId: result.call.id, data: { status, ...(endedReason ? { endedReason } : {}) } });
    }
    if (result.decided) await publishEnded(result.call, result.decided);
    return result.call;
  }

  /** Answering the call puts it in progress (Twilio says `ringing` until our TwiML runs). */
  async function openCall(clinicId: string, params: TwilioParams): Promise<CallRef> {
    const now = deps.clock.now();
    const identity = identityOf(clinicId, params, now);
    const recorded = await calls.recordStatus(inboxOf(`call:${identity.providerCallId}:status:in-progress`, 'voice', params), identity, {
      status: 'in-progress',
      at: now,
      endedReason: undefined,
      endedAt: undefined,
    });
    const call = await afterStatus(recorded, params, 'in-progress');
    return call ?? findCall(clinicId, params);
  }

  async function findCall(clinicId: string, params: TwilioParams): Promise<CallRef> {
    const call = await calls.upsertCall(identityOf(clinicId, params));
    await announce(call, params);
    return call;
  }

  /** Stores one final utterance in spoken order and streams it; once per call, turn and role. */
  async function recordLine(call: CallRef, params: TwilioParams, turn: number, line: SpokenLine): Promise<void> {
    const result = await calls.recordFinalSegment(
      inboxOf(`call:${params.CallSid}:turn:${turn}:${line.role}`, 'voice.transcript', { turn, role: line.role }),
      identityOf(call.clinicId, params),
      line,
    );
    if (!result.isFirstDelivery || !result.segment) return;
    await publish({ clinicId: call.clinicId, type: 'transcript', callId: call.id, data: { seq: result.segment.seq, role: line.role, text: line.text, final: true } });
    // Words recorded after the call already ended can change its outcome.
    if (result.decided) await publishEnded(call, result.decided);
  }

  /** Strictly after `previous`: the transcript is ordered by when things were said. */
  function spokenAfter(previous: Date | undefined): Date {
    const now = deps.clock.now();
    return previous && now.getTime() <= previous.getTime() ? new Date(previous.getTime() + 1) : now;
  }

  /** The clinic's name and agent settings for the greeting, cached with its other configuration. */
  function greetingContext(clinicId: string) {
    return deps.clinicConfig.read(clinicId, 'twilio-voice-greeting', () =>
      agentRepo.loadClinicContext(clinicId, { closuresFrom: deps.clock.now().toISOString().slice(0, 10) }),
    );
  }

  async function greet(call: CallRef, params: TwilioParams, publicBaseUrl: string): Promise<StoredTurn> {
    const callerNumber = callerNumberOf(params.From);
    const [clinic, caller] = await Promise.all([
      greetingContext(call.clinicId),
      callerNumber ? deps.patients.findByPhone(call.clinicId, callerNumber) : undefined,
    ]);
    if (!clinic) throw new Error('clinic of the call not found');
    const greeting = buildVoiceGreeting(clinic, caller?.name ?? null);
    await recordLine(call, params, 0, { role: 'assistant', text: greeting, spokenAt: deps.clock.now() });
    return { twiml: listenTwiml(greeting, gatherUrlFor(publicBaseUrl, 1)), step: 'listen' };
  }

  /** Nothing heard: the last words again, once; a second silence in a row ends the call. */
  async function answerSilence(call: CallRef, params: TwilioParams, position: GatherPosition, lines: SpokenLine[], publicBaseUrl: string): Promise<StoredTurn> {
    const spokenAt = spokenAfter(lines.at(-1)?.spokenAt);
    if (position.silenceCount >= 1) {
      await recordLine(call, params, position.turn, { role: 'assistant', text: SILENCE_GOODBYE, spokenAt });
      return { twiml: hangUpTwiml(SILENCE_GOODBYE), step: 'silence-timeout' };
    }
    const lastAssistant = lines.filter((line) => line.role === 'assistant').at(-1)?.text;
    const reprompt = repromptFor(lastAssistant);
    await recordLine(call, params, position.turn, { role: 'assistant', text: reprompt, spokenAt });
    return { twiml: listenTwiml(reprompt, gatherUrlFor(publicBaseUrl, position.turn + 1, 1)), step: 'listen' };
  }

  /** An emergency: the engine's guidance, then the on-call team (else the emergency line) on the line. */
  async function answerEmergency(call: CallRef, reply: string): Promise<{ said: string; answer: StoredTurn }> {
    await calls.markEmergency(call.id, deps.clock.now());
    const profile = await deps.ports.getClinicProfile(call.clinicId);
    const number = profile.onCallNumber ?? profile.emergencyLine;
    if (!number) return { said: reply, answer: { twiml: hangUpTwiml(reply), step: 'hang-up' } };
    const said = `${reply} ${FORWARD_NOTICE}`;
    const unreached = `I couldn't reach the team. If this is an emergency, please hang up and call ${emergencyNumberFor(profile.countryCode)} now.`;
    logger.warn('emergency on a twilio call: forwarding to on-call', { clinicId: call.clinicId, callId: call.id });
    return { said, answer: { twiml: forwardTwiml(said, number, unreached), step: 'forward' } };
  }

  async function answerSpeech(call: CallRef, params: TwilioParams, position: GatherPosition, publicBaseUrl: string): Promise<StoredTurn> {
    const lines = await repo.listSpokenLines(call.clinicId, call.id);
    const speech = (params.SpeechResult ?? '').trim();
    if (!speech) return answerSilence(call, params, position, lines, publicBaseUrl);

    const heardAt = spokenAfter(lines.at(-1)?.spokenAt);
    await recordLine(call, params, position.turn, { role: 'user', text: speech, spokenAt: heardAt });
    const callerNumber = callerNumberOf(params.From);
    const output = await deps.conversation.respond({
      clinicId: call.clinicId,
      channel: 'voice',
      text: speech,
      history: historyOf(lines),
      ...(callerNumber ? { patientPhone: callerNumber } : {}),
      isDryRun: false,
      callId: call.id,
    });
    const { said, answer } = isEmergency(output)
      ? await answerEmergency(call, output.reply)
      : { said: output.reply, answer: { twiml: listenTwiml(output.reply, gatherUrlFor(publicBaseUrl, position.turn + 1)), step: 'listen' as const } };
    await recordLine(call, params, position.turn, { role: 'assistant', text: said, spokenAt: spokenAfter(heardAt) });
    return answer;
  }

  return {
    /** `POST /webhooks/twilio/voice`: opens the call and greets the caller (turn 0). */
    async answerCall(request: TwilioVoiceRequest): Promise<TwilioVoiceReply> {
      const { params } = request;
      if (!params.CallSid) return { twiml: apologyTwiml(), result: 'ignored' };
      const clinicId = await repo.resolveClinic(params.CallSid, params.To);
      if (!clinicId) return { twiml: hangUpTwiml(UNKNOWN_NUMBER_MESSAGE), result: 'ignored' };
      const call = await openCall(clinicId, params);
      return turns.answer(call, 0, () => greet(call, params, request.publicBaseUrl));
    },

    /** `POST /webhooks/twilio/voice/gather`: what the caller said (or silence) in turn `?turn=`. */
    async answerGather(request: TwilioVoiceRequest & { query: Record<string, unknown> }): Promise<TwilioVoiceReply> {
      const { params } = request;
      const position = parseGatherPosition(request.query);
      if (!params.CallSid || !position) return { twiml: apologyTwiml(), result: 'ignored' };
      const clinicId = await repo.resolveClinic(params.CallSid, params.To);
      if (!clinicId) return { twiml: hangUpTwiml(UNKNOWN_NUMBER_MESSAGE), result: 'ignored' };
      const call = await findCall(clinicId, params);
      return turns.answer(call, position.turn, () => answerSpeech(call, params, position, request.publicBaseUrl));
    },

    /**
     * `POST /webhooks/twilio/voice-status`: live statuses only move the call forward; the first
     * final status ends it — duration, ended reason and outcome in one statement — and later
     * or repeated ones change nothing. Status callbacks arrive in any order.
     */
    async recordStatus(params: TwilioParams): Promise<TwilioVoiceReply['result']> {
      const status = params.CallStatus ?? '';
      if (!params.CallSid) return 'ignored';
      const clinicId = await repo.resolveClinic(params.CallSid, params.To);
      if (!clinicId) return 'ignored';
      const identity = identityOf(clinicId, params);
      if (isFinalCallStatus(status)) {
        const endedReason = endedReasonOf(status, await repo.lastStepOfCall(clinicId, params.CallSid));
        const recorded = await calls.recordReport(inboxOf(`call:${identity.providerCallId}:ended`, 'voice-status', params), identity, {
          endedReason,
          endedAt: deps.clock.now(),
          durationSeconds: durationSecondsOf(params.CallDuration),
          cost: undefined,
          summary: undefined,
          recordingUrl: undefined,
          stereoRecordingUrl: undefined,
          analysis: {},
        });
        return (await afterStatus(recorded, params, 'ended', endedReason)) ? 'processed' : 'duplicate';
      }
      const live = liveStatusOf(status);
      if (!live) return 'ignored';
      const recorded = await calls.recordStatus(inboxOf(`call:${identity.providerCallId}:status:${live}`, 'voice-status', params), identity, {
        status: live,
        at: deps.clock.now(),
        endedReason: undefined,
        endedAt: undefined,
      });
      return (await afterStatus(recorded, params, live)) ? 'processed' : 'duplicate';
    },
  };
}

export type TwilioVoiceService = ReturnType<typeof createTwilioVoiceService>;
