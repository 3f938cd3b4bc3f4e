import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { detectEmergency, emergencyNumberFor } from '../safety/emergency';
import { applyOutputGuardrails } from '../safety/guardrails';
import { classifyIntent, type Intent } from '../safety/intent';
import { isMedicalAdviceRequest } from '../safety/medical-advice';
import { extractAnswer } from './answer-extraction';
import { parseBookingRequest, parsePatientName, pickOffer, type BookingRequest } from './booking-request';
import type { Channel, ClinicProfile, ConversationPorts, EscalationKind, NextAppointment, Slot } from './conversation.ports';
import type { Responder } from './openai-responder';
import { answerPriceQuestion } from './service-prices';
import { formatDayAndTime } from '../../platform/intl';
import type { Clock } from '../../platform/jobs/job-types';

export type Turn = { role: 'patient' | 'assistant'; text: string };

export type EngineInput = {
  clinicId: string;
  channel: Channel;
  text: string;
  history: Turn[];
  /** The caller's E.164 number when the channel knows it (voice, SMS); bookings need it. */
  patientPhone?: string;
  /** Preview: decide and answer exactly as live, but change nothing. */
  isDryRun: boolean;
  /** The call this turn belongs to: escalations link to it, one per kind per call. */
  callId?: string;
  /**
   * The delivery this turn answers outside a call (e.g. `sms:<messageId>`): a retried turn
   * raises each escalation once.
   */
  idempotencyScope?: string;
};

export type EngineAction =
  | { type: 'escalate'; kind: EscalationKind; severity: 'low' | 'medium' | 'high' | 'critical'; isPerformed: boolean }
  | { type: 'book'; serviceId: string; startsAt: string; practitionerId: string; appointmentId?: string; isPerformed: boolean }
  | { type: 'offer_slots'; serviceId: string; startsAt: string[] }
  | { type: 'cancel'; appointmentId: string; isPerformed: boolean }
  | { type: 'reschedule'; appointmentId: string; startsAt: string; practitionerId: string; isPerformed: boolean };

export type KnowledgeAnswer = { kind: 'answer' | 'unknown' | 'emergency' | 'medical'; reply: string; citations: string[] };

export type EngineOutput = {
  reply: string;
  intent: Intent;
  flags: { emergency: boolean; medicalAdvice: boolean; humanRequested: boolean; complaint: boolean };
  citations: string[];
  actions: EngineAction[];
};

const NO_ANSWER = "I'm sorry, I don't have that information to hand.";
const OFFER_MARKER = 'I can offer';
const MAX_OFFERS = 3;

function formatSlot(slot: Slot, timeZone: string): { label: string; time: string } {
  return formatDayAndTime(slot.startsAt, timeZone);
}

/** One slot per start time: two practitioners free at 12:00 are one choice for the patient. */
export function distinctTimes(slots: Slot[]): Slot[] {
  const seen = new Set<number>();
  return slots.filter((slot) => !seen.has(slot.startsAt.getTime()) && seen.add(slot.startsAt.getTime()));
}

function describeOffers(slots: Slot[], timeZone: string): string {
  const labels = slots.map((slot) => formatSlot(slot, timeZone).label);
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]!}`;
}

export type ConversationEngineOptions = {
  /** Produces the answer for questions and general replies (e.g. the OpenAI responder); safety branches never reach it. */
  responder?: Responder;
  logger?: Logger;
  /** "Tomorrow" and "on Monday" are relative to it (the system clock when omitted). */
  clock?: Clock;
};

/**
 * The receptionist's brain for every channel. Safety runs first on every utterance (emergency,
 * then medical advice, then a human or a complaint), then intent routing: booking by slot
 * filling over the conversation so far (stateless: the history is the state), questions by
 * extractive answers from the clinic's knowledge base. Every reply passes the output
 * guardrails. With `isDryRun` nothing is booked or escalated; the actions say what would be.
 */
export function createConversationEngine(ports: ConversationPorts, options: ConversationEngineOptions = {}) {
  /** What makes a turn's side effects unique: its call, or the delivery it answers. */
  function turnScope(input: EngineInput): string | undefined {
    return input.callId ? `call:${input.callId}` : input.idempotencyScope;
  }

  async function escalate(
    input: EngineInput,
    kind: EscalationKind,
    severity: 'low' | 'medium' | 'high' | 'critical',
    summary: string,
  ): Promise<EngineAction> {
    if (!input.isDryRun) {
      await ports.escalate(input.clinicId, {
        kind,
        severity,
        channel: input.channel,
        summary,
        ...(input.patientPhone ? { patientPhone: input.patientPhone } : {}),
        ...(input.callId ? { callId: input.callId, idempotencyKey: `call:${input.callId}:${kind}` } : {}),
        ...(!input.callId && input.idempotencyScope ? { idempotencyKey: `${input.idempotencyScope}:${kind}` } : {}),
      });
    }
    return { type: 'escalate', kind, severity, isPerformed: !input.isDryRun };
  }

  function emergencyReply(clinic: ClinicProfile, isSelfHarm: boolean): string {
    const emergencyNumber = emergencyNumberFor(clinic.countryCode);
    if (isSelfHarm) {
      const helpline = clinic.countryCode === 'GB' ? ', or Samaritans free on 116 123 at any time' : '';
      return `I'm so sorry you're feeling this way, and you deserve support right now: please call ${emergencyNumber} if you are in danger${helpline}. I'm asking one of our team to contact you as well.`;
    }
    const line = clinic.emergencyLine ? ` Our emergency line is ${clinic.emergencyLine}, and I've alerted the team.` : " I've alerted the team.";
    return `This could be a medical emergency: please call ${emergencyNumber} now or go to A&E.${line}`;
  }

  /** The booking request built from every patient turn since the conversation turned to booking. */
  function accumulatedRequest(input: EngineInput, services: { id: string; name: string }[], clinic: ClinicProfile, now: Date): BookingRequest {
    const request: BookingRequest = {};
    for (const text of [...input.history.filter((turn) => turn.role === 'patient').map((turn) => turn.text), input.text]) {
      const parsed = parseBookingRequest(text, { services, now, timeZone: clinic.timezone });
      if (parsed.serviceId) request.serviceId = parsed.serviceId;
      if (parsed.day) request.day = parsed.day;
      if (parsed.partOfDay) request.partOfDay = parsed.partOfDay;
    }
    return request;
  }

  /**
   * The appointment this conversation is moving, if any: the caller's next one, when it is
   * waiting to be rescheduled (they replied RESCHEDULE) or when they asked to move it.
   */
  async function appointmentBeingMoved(input: EngineInput): Promise<NextAppointment | undefined> {
    if (!input.patientPhone) return undefined;
    const next = (await ports.findPatient(input.clinicId, input.patientPhone))?.nextAppointment;
    if (!next) return undefined;
    if (next.status === 'pending_reschedule') return next;
    const patientTexts = [...input.history.filter((turn) => turn.role === 'patient').map((turn) => turn.text), input.text];
    return patientTexts.some((text) => classifyIntent(text, { hasPendingOffer: false }).intent === 'reschedule') ? next : undefined;
  }

  async function handleBooking(input: EngineInput, clinic: ClinicProfile, actions: EngineAction[]): Promise<string> {
    const now = options.clock?.now() ?? new Date();
    const services = await ports.listServices(input.clinicId);
    const request = accumulatedRequest(input, services, clinic, now);
    const moving = await appointmentBeingMoved(input);
    // Moving an appointment keeps its treatment unless the patient names another.
    if (!request.serviceId && moving) request.serviceId = moving.serviceId;
    if (!request.serviceId) return 'Which treatment would you like to book?';
    const service = services.find((candidate) => candidate.id === request.serviceId)!;
    // Distinct times: two practitioners free at 12:00 are one choice for the patient.
    const slots = distinctTimes(
      await ports.findSlots(input.clinicId, { serviceId: service.id, day: request.day, partOfDay: request.partOfDay, limit: MAX_OFFERS * 4 }),
    ).slice(0, MAX_OFFERS);

    const lastAssistant = [...input.history].reverse().find((turn) => turn.role === 'assistant');
    const offered = lastAssistant?.text.includes(OFFER_MARKER)
      ? slots.filter((slot) => lastAssistant.text.includes(formatSlot(slot, clinic.timezone).label))
      : [];
    const picked = offered.length > 0 ? pickOffer(input.text, offered.map((slot) => formatSlot(slot, clinic.timezone))) : undefined;
    if (picked !== undefined) {
      const slot = offered[picked]!;
      const label = formatSlot(slot, clinic.timezone).label;
      if (moving && moving.serviceId === service.id && !input.isDryRun) {
        try {
          await ports.rescheduleAppointment(input.clinicId, moving.id, { startsAt: slot.startsAt, practitionerId: slot.practitionerId });
          actions.push({ type: 'reschedule', appointmentId: moving.id, startsAt: slot.startsAt.toISOString(), practitionerId: slot.practitionerId, isPerformed: true });
          return `Done: your ${service.name} is moved to ${label} with ${slot.practitionerName}. We'll send you a confirmation by text.`;
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
          return `Sorry, ${label} was just taken. Would another day suit you?`;
        }
      }
      if (input.isDryRun || !input.patientPhone) {
        actions.push({ type: 'book', serviceId: service.id, startsAt: slot.startsAt.toISOString(), practitionerId: slot.practitionerId, isPerformed: false });
        return `That's ${service.name} on ${label} with ${slot.practitionerName}; I'll book it as soon as we have your details.`;
      }
      try {
        const patientName = [...input.history.filter((turn) => turn.role === 'patient').map((turn) => turn.text), input.text]
          .map(parsePatientName)
          .filter((name): name is string => Boolean(name))
          .pop();
        const { appointmentId } = await ports.book(input.clinicId, {
          patientPhone: input.patientPhone,
          ...(patientName ? { patientName } : {}),
          serviceId: service.id,
          startsAt: slot.startsAt,
          practitionerId: slot.practitionerId,
          channel: input.channel,
          ...(input.callId ? { callId: input.callId } : {}),
          // A retried turn (a webhook redelivered, a job run again) books once.
          ...(turnScope(input) ? { idempotencyKey: `${turnScope(input)!}:book:${slot.startsAt.toISOString()}` } : {}),
        });
        actions.push({ type: 'book', serviceId: service.id, startsAt: slot.startsAt.toISOString(), practitionerId: slot.practitionerId, appointmentId, isPerformed: true });
        return `You're booked for ${service.name} on ${label} with ${slot.practitionerName}. We'll send you a confirmation by text.`;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        const next = (await ports.findSlots(input.clinicId, { serviceId: service.id, day: request.day, partOfDay: request.partOfDay, limit: 1 }))[0];
        if (!next) return 'Sorry, that time was just taken and nothing else is free then. Would another day suit you?';
        actions.push({ type: 'offer_slots', serviceId: service.id, startsAt: [next.startsAt.toISOString()] });
        return `Sorry, that time was just taken. ${OFFER_MARKER} ${formatSlot(next, clinic.timezone).label} instead; shall I book that?`;
      }
    }

    if (slots.length === 0) {
      return request.day ? `Sorry, ${service.name} is fully booked then. Would another day suit you?` : `Sorry, I can't see any free times for ${service.name} soon. Shall I ask the team to call you?`;
    }
    actions.push({ type: 'offer_slots', serviceId: service.id, startsAt: slots.map((slot) => slot.startsAt.toISOString()) });
    return `${OFFER_MARKER} ${service.name} on ${describeOffers(slots, clinic.timezone)}. Which would you like?`;
  }

  /** Cancels the caller's next appointment; without a known number or booking, the team follows up. */
  async function handleCancel(input: EngineInput, clinic: ClinicProfile, actions: EngineAction[]): Promise<string> {
    const patient = input.patientPhone ? await ports.findPatient(input.clinicId, input.patientPhone) : undefined;
    const next = patient?.nextAppointment;
    if (!next) {
      actions.push(await escalate(input, 'human', 'low', `Cancellation request on ${input.channel}; no upcoming appointment found for the caller`));
      return "I can't find an upcoming appointment for this number, so I've asked the team to help with your cancellation.";
    }
    const { label } = formatDayAndTime(next.startsAt, clinic.timezone);
    if (!input.isDryRun) await ports.cancelAppointment(input.clinicId, next.id);
    actions.push({ type: 'cancel', appointmentId: next.id, isPerformed: !input.isDryRun });
    return `I've cancelled your ${next.serviceName} on ${label}. Would you like to book another time?`;
  }

  async function handleQuestion(input: EngineInput, actions: EngineAction[], citations: string[]): Promise<string> {
    const quoted = answerPriceQuestion(input.text, await ports.listServices(input.clinicId));
    if (quoted) return quoted;
    const results = await ports.searchKnowledge(input.clinicId, input.text, 3);
    const answer = extractAnswer(input.text, results);
    if (answer && answer.overlap >= 1) {
      citations.push(...answer.chunkIds);
      return answer.text;
    }
    const earlierMisses = input.history.filter((turn) => turn.role === 'assistant' && turn.text.startsWith(NO_ANSWER)).length;
    if (earlierMisses >= 1) {
      actions.push(await escalate(input, 'failure', 'low', `Questions the assistant could not answer, latest: ${input.text.slice(0, 200)}`));
      return `${NO_ANSWER} I've asked a member of the team to get back to you.`;
    }
    return `${NO_ANSWER} Could you put it another way?`;
  }

  /** The responder's answer; on any failure, the local deterministic answer. */
  async function handleGeneral(input: EngineInput, clinic: ClinicProfile, actions: EngineAction[], citations: string[]): Promise<string> {
    if (options.responder) {
      try {
        const answer = await options.responder.respond(
          { clinicId: input.clinicId, clinic, channel: input.channel, text: input.text, history: input.history },
          ports,
        );
        citations.push(...answer.citations);
        return answer.reply;
      } catch (error) {
        options.logger?.warn('LLM responder failed; answering locally', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    return handleQuestion(input, actions, citations);
  }

  return {
    /**
     * The voice assistant's knowledge tool: the same safety gates as a turn (an emergency is
     * escalated and answered with the emergency instruction; a clinical question in Safe Mode is
     * deflected to a clinician call-back), then an extractive answer from the clinic's own
     * knowledge base, read locally — no responder, no remote embedding inside a voice turn.
     */
    async answerQuestion(input: { clinicId: string; channel: Channel; question: string; patientPhone?: string; callId?: string }): Promise<KnowledgeAnswer> {
      const clinic = await ports.getClinicProfile(input.clinicId);
      const turn: EngineInput = { ...input, text: input.question, history: [], isDryRun: false };
      const emergency = detectEmergency(input.question);
      const guard = (reply: string) =>
        applyOutputGuardrails(reply, { channel: input.channel === 'voice' ? 'voice' : 'sms', allowedPhoneNumbers: [clinic.emergencyLine].filter((value): value is string => Boolean(value)) }).reply;
      if (emergency.isEmergency) {
        await escalate(turn, 'emergency', 'critical', `Emergency (${emergency.kind ?? 'red flag'}) reported on ${input.channel}`);
        return { kind: 'emergency', reply: guard(emergencyReply(clinic, emergency.kind === 'self_harm')), citations: [] };
      }
      if (clinic.safeMode && isMedicalAdviceRequest(input.question)) {
        await escalate(turn, 'medical', 'medium', `Clinical question on ${input.channel}; clinician call-back requested`);
        return { kind: 'medical', reply: "I can't give medical advice, but I've asked one of our clinicians to call you back.", citations: [] };
      }
      const results = await ports.searchKnowledge(input.clinicId, input.question, 3, { isLocalOnly: true });
      const answer = extractAnswer(input.question, results);
      if (!answer || answer.overlap < 1) return { kind: 'unknown', reply: NO_ANSWER, citations: [] };
      return { kind: 'answer', reply: guard(answer.text), citations: answer.chunkIds };
    },

    async respond(input: EngineInput): Promise<EngineOutput> {
      const clinic = await ports.getClinicProfile(input.clinicId);
      const pendingOffer = [...input.history].reverse().find((turn) => turn.role === 'assistant')?.text.includes(OFFER_MARKER) ?? false;
      const classified = classifyIntent(input.text, { hasPendingOffer: pendingOffer });
      const emergency = detectEmergency(input.text);
      const medicalAdvice = !emergency.isEmergency && isMedicalAdviceRequest(input.text);
      const flags = {
        emergency: emergency.isEmergency,
        medicalAdvice,
        humanRequested: classified.humanRequested,
        complaint: classified.complaint,
      };
      const actions: EngineAction[] = [];
      const citations: string[] = [];
      let intent: Intent = emergency.isEmergency ? 'emergency' : classified.intent;
      let reply: string;

      if (emergency.isEmergency) {
        const isSelfHarm = emergency.kind === 'self_harm';
        actions.push(await escalate(input, 'emergency', 'critical', `Emergency (${emergency.kind ?? 'red flag'}) reported on ${input.channel}`));
        reply = emergencyReply(clinic, isSelfHarm);
      } else if (medicalAdvice && clinic.safeMode) {
        actions.push(await escalate(input, 'medical', 'medium', `Clinical question on ${input.channel}; clinician call-back requested`));
        reply = "I can't give medical advice, but I've asked one of our clinicians to call you back. Would you also like to book a consultation?";
      } else if (classified.humanRequested) {
        intent = 'human';
        actions.push(await escalate(input, 'human', 'medium', `Patient asked for a person on ${input.channel}`));
        reply = "Of course. I've asked a member of the team to contact you as soon as possible.";
      } else if (classified.complaint) {
        intent = 'complaint';
        actions.push(await escalate(input, 'complaint', 'high', `Complaint raised on ${input.channel}`));
        reply = "I'm very sorry to hear that. I've passed this to the practice manager, who will contact you personally.";
      } else if (intent === 'book' || intent === 'reschedule' || (pendingOffer && intent !== 'question' && intent !== 'cancel')) {
        reply = await handleBooking(input, clinic, actions);
      } else if (intent === 'cancel') {
        reply = await handleCancel(input, clinic, actions);
      } else if (intent === 'smalltalk') {
        const patient = input.patientPhone ? await ports.findPatient(input.clinicId, input.patientPhone) : undefined;
        const greeting = patient?.name ? `Hello ${patient.name.split(' ')[0]}, welcome back to ${clinic.name}.` : `Hello, you're through to ${clinic.name}.`;
        reply = /\b(bye|goodbye|thanks|thank you|cheers)\b/i.test(input.text)
          ? "You're welcome. Is there anything else I can help with?"
          : `${greeting} How can I help?`;
      } else {
        reply = await handleGeneral(input, clinic, actions, citations);
      }

      const allowedPhoneNumbers = [clinic.emergencyLine].filter((value): value is string => Boolean(value));
      const guarded = applyOutputGuardrails(reply, { channel: input.channel === 'voice' ? 'voice' : 'sms', allowedPhoneNumbers });
      return { reply: guarded.reply, intent, flags, citations, actions };
    },
  };
}

export type ConversationEngine = ReturnType<typeof createConversationEngine>;
