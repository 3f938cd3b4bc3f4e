import { AppError } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import { matchService } from '../conversation/booking-request';
import { distinctTimes, type ConversationEngine } from '../conversation/conversation.engine';
import type { ConversationPorts, Slot } from '../conversation/conversation.ports';
import type { EscalationsService } from '../escalations/escalations.service';
import type { PatientsService } from '../patients/patients.service';
import { classifyIntent } from '../safety/intent';
import { isMedicalAdviceRequest } from '../safety/medical-advice';
import type { SchedulingService } from '../scheduling/scheduling.service';
import { isVapiToolName, vapiToolArguments, type VapiToolArguments, type VapiToolName } from './vapi.tool-definitions';
import { dateTimeFormat } from '../../platform/intl';

/**
 * Runs the voice assistant's tools on the conversation engine's services. Every result is one
 * line the assistant can say or act on; values a later tool needs travel as `[key=value]`.
 * Failures come back as an `error` the caller may hear, never as an exception.
 */
export type ToolContext = {
  clinicId: string;
  /** Our call id (calls.id). */
  callId: string;
  toolCallId: string;
  /** The number the caller is calling from, when the call says. */
  callerNumber: string | undefined;
};

/** What an invocation achieved, for the call's outcome (call_tool_calls.effect). */
export type ToolEffect = 'answered' | 'booked' | 'rescheduled' | 'cancelled' | 'message_taken' | 'escalated' | 'emergency';

export type ToolOutcome = { result: string; error?: undefined; effect: ToolEffect | null } | { result?: undefined; error: string; effect: null };

const MAX_SLOTS = 5;
const SLOT_SEARCH_LIMIT = 24;

export function toSingleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function ok(result: string, effect: ToolEffect | null = null): ToolOutcome {
  return { result: toSingleLine(result), effect };
}

function failed(error: string): ToolOutcome {
  return { error: toSingleLine(error), effect: null };
}

function formatWhen(date: Date, timeZone: string): string {
  const day = dateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(date);
  const time = dateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return `${day} at ${time}`;
}

function describeSlots(slots: Slot[], timeZone: string): string {
  return slots.map((slot) => `${formatWhen(slot.startsAt, timeZone)} with ${slot.practitionerName} [startsAt=${slot.startsAt.toISOString()}]`).join('; ');
}

export function createVapiToolExecutor(deps: {
  engine: ConversationEngine;
  ports: ConversationPorts;
  scheduling: SchedulingService;
  patients: PatientsService;
  escalations: EscalationsService;
  clock: Clock;
}) {
  const { ports } = deps;

  async function findService(clinicId: string, name: string) {
    const services = await ports.listServices(clinicId);
    const service =
      matchService(name, services) ?? services.find((candidate) => candidate.name.toLowerCase().includes(name.trim().toLowerCase()));
    if (service) return { service };
    return { services };
  }

  async function nextSlots(clinicId: string, serviceId: string, timeZone: string, day?: string): Promise<string> {
    const slots = distinctTimes(await ports.findSlots(clinicId, { serviceId, ...(day ? { day } : {}), limit: SLOT_SEARCH_LIMIT })).slice(0, 3);
    return slots.length > 0 ? `Next free: ${describeSlots(slots, timeZone)}.` : 'Nothing else is free soon; offer to take a message.';
  }

  /** The appointment the caller means: the one named, if it is theirs, else their next one. */
  async function callersAppointment(context: ToolContext, appointmentId: string | undefined) {
    const patient = context.callerNumber ? await deps.patients.findByPhone(context.clinicId, context.callerNumber) : undefined;
    if (appointmentId) {
      const appointment = await deps.scheduling.getAppointment(context.clinicId, appointmentId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
      // Only the patient calling may move or cancel it: an id from elsewhere is not enough.
      if (!appointment || (patient && appointment.patient.id !== patient.id) || !patient) return undefined;
      return appointment;
    }
    if (!patient) return undefined;
    const summary = await deps.patients.getPatientSummary(context.clinicId, patient.id);
    return summary.nextAppointment ? deps.scheduling.getAppointment(context.clinicId, summary.nextAppointment.id) : undefined;
  }

  const tools: { [Name in VapiToolName]: (args: VapiToolArguments<Name>, context: ToolContext) => Promise<ToolOutcome> } = {
    async search_knowledge_base(args, context) {
      const answer = await deps.engine.answerQuestion({
        clinicId: context.clinicId,
        channel: 'voice',
        question: args.query,
        callId: context.callId,
        ...(context.callerNumber ? { patientPhone: context.callerNumber } : {}),
      });
      switch (answer.kind) {
        case 'emergency':
          return ok(`EMERGENCY — say this to the caller now, word for word: ${answer.reply}`, 'emergency');
        case 'medical':
          return ok(`Clinical question: do not answer it. Say: ${answer.reply}`, 'escalated');
        case 'unknown':
          return ok("The clinic's information does not cover this. Say you don't know and offer to take a message; never guess.", null);
        case 'answer':
          return ok(`From the clinic's information: ${answer.reply} [sources=${answer.citations.join(',')}]`, 'answered');
      }
    },

    async check_availability(args, context) {
      const [profile, found] = await Promise.all([ports.getClinicProfile(context.clinicId), findService(context.clinicId, args.service)]);
      if (!found.service) return failed(`There is no service called "${args.service}". Services: ${found.services.map((service) => service.name).join(', ')}.`);
      const slots = distinctTimes(
        await ports.findSlots(context.clinicId, {
          serviceId: found.service.id,
          ...(args.date ? { day: args.date } : {}),
          ...(args.partOfDay ? { partOfDay: args.partOfDay } : {}),
          limit: SLOT_SEARCH_LIMIT,
        }),
      ).slice(0, MAX_SLOTS);
      if (slots.length === 0) {
        const when = args.date ? ` on ${args.date}${args.partOfDay ? ` (${args.partOfDay})` : ''}` : ' in the next week';
        return ok(`No free ${found.service.name} slots${when}. ${await nextSlots(context.clinicId, found.service.id, profile.timezone)}`);
      }
      return ok(`Free ${found.service.name} slots: ${describeSlots(slots, profile.timezone)}.`);
    },

    async book_appointment(args, context) {
      const phone = args.phone ?? context.callerNumber;
      if (!phone) return failed('I need a phone number to book: ask the caller for theirs.');
      const [profile, found] = await Promise.all([ports.getClinicProfile(context.clinicId), findService(context.clinicId, args.service)]);
      if (!found.service) return failed(`There is no service called "${args.service}". Services: ${found.services.map((service) => service.name).join(', ')}.`);
      const startsAt = new Date(args.startsAt);
      try {
        const { appointmentId } = await ports.book(context.clinicId, {
          patientPhone: phone,
          patientName: args.patientName,
          serviceId: found.service.id,
          startsAt,
          channel: 'voice',
          callId: context.callId,
          idempotencyKey: `vapi:${context.callId}:${context.toolCallId}`,
        });
        const appointment = await deps.scheduling.getAppointment(context.clinicId, appointmentId);
        return ok(
          `Booked ${appointment.service.name} on ${formatWhen(new Date(appointment.startsAt), profile.timezone)} with ${appointment.practitioner.name} for ${args.patientName}; a confirmation text will follow. [appointmentId=${appointment.id}]`,
          'booked',
        );
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'CONFLICT' && error.code !== 'INVALID_INPUT')) throw error;
        const day = dateTimeFormat('en-CA', { timeZone: profile.timezone }).format(startsAt);
        const reason = error.code === 'CONFLICT' ? 'that time has just been taken' : error.message;
        return ok(`Not booked: ${reason}. ${await nextSlots(context.clinicId, found.service.id, profile.timezone, day)}`);
      }
    },

    async reschedule_appointment(args, context) {
      const profile = await ports.getClinicProfile(context.clinicId);
      const appointment = await callersAppointment(context, args.appointmentId);
      if (!appointment) return failed("I can't find an upcoming appointment for this caller; offer to take a message for the team.");
      try {
        const moved = await deps.scheduling.reschedule(context.clinicId, appointment.id, { startsAt: new Date(args.newStartsAt) }, { type: 'patient' });
        return ok(
          `Moved ${moved.service.name} to ${formatWhen(new Date(moved.startsAt), profile.timezone)} with ${moved.practitioner.name}. [appointmentId=${moved.id}]`,
          'rescheduled',
        );
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'CONFLICT' && error.code !== 'INVALID_INPUT')) throw error;
        return ok(`Not moved: ${error.code === 'CONFLICT' ? 'that time is taken' : error.message}. ${await nextSlots(context.clinicId, appointment.service.id, profile.timezone)}`);
      }
    },

    async cancel_appointment(args, context) {
      const profile = await ports.getClinicProfile(context.clinicId);
      const appointment = await callersAppointment(context, args.appointmentId);
      if (!appointment) return failed("I can't find an upcoming appointment for this caller; offer to take a message for the team.");
      const when = formatWhen(new Date(appointment.startsAt), profile.timezone);
      if (appointment.status === 'cancelled') return ok(`${appointment.service.name} on ${when} was already cancelled.`, 'cancelled');
      await deps.scheduling.cancel(context.clinicId, appointment.id, { type: 'patient' });
      return ok(`Cancelled ${appointment.service.name} on ${when}. [appointmentId=${appointment.id}]`, 'cancelled');
    },

    async lookup_patient(args, context) {
      const phone = args.phone ?? context.callerNumber;
      if (!phone) return ok('No phone number to look up: treat the caller as a new patient and ask for their name.');
      const patient = await deps.patients.findByPhone(context.clinicId, phone);
      if (!patient) return ok('No record for this number: a new patient. Ask for their name when booking.');
      const summary = await deps.patients.getPatientSummary(context.clinicId, patient.id);
      const profile = await ports.getClinicProfile(context.clinicId);
      const name = summary.name ? `Patient: ${summary.name}.` : 'Patient on record, name not known.';
      const next = summary.nextAppointment
        ? ` Next appointment: ${summary.nextAppointment.serviceName} on ${formatWhen(new Date(summary.nextAppointment.startsAt), profile.timezone)} with ${summary.nextAppointment.practitionerName} [appointmentId=${summary.nextAppointment.id}].`
        : ' No upcoming appointments.';
      return ok(`${name}${next}`);
    },

    async take_message(args, context) {
      const patient = context.callerNumber
        ? await deps.patients.findOrCreateByPhone(context.clinicId, context.callerNumber, args.callerName ? { name: args.callerName } : {}).catch(() => undefined)
        : undefined;
      const from = [args.callerName, args.callbackNumber ? `call back on ${args.callbackNumber}` : undefined].filter(Boolean).join(', ');
      await deps.escalations.createEscalation(context.clinicId, {
        kind: 'other',
        severity: 'low',
        channel: 'voice',
        summary: `Message${from ? ` from ${from}` : ''}: ${args.message}`.slice(0, 2_000),
        callId: context.callId,
        ...(patient ? { patientId: patient.id } : {}),
        idempotencyKey: `vapi:${context.callId}:${context.toolCallId}`,
      });
      return ok('Message passed to the clinic team; they will call back during opening hours.', 'message_taken');
    },

    async escalate_to_staff(args, context) {
      const isEmergency = args.urgency === 'emergency';
      const kind = isEmergency ? 'emergency' : isMedicalAdviceRequest(args.reason) ? 'medical' : classifyIntent(args.reason).complaint ? 'complaint' : 'human';
      const severity = isEmergency ? 'critical' : kind === 'complaint' || args.urgency === 'urgent' ? 'high' : 'medium';
      await ports.escalate(context.clinicId, {
        kind,
        severity,
        channel: 'voice',
        summary: `Voice: ${args.reason}`.slice(0, 2_000),
        callId: context.callId,
        idempotencyKey: `call:${context.callId}:${kind}`,
        ...(context.callerNumber ? { patientPhone: context.callerNumber } : {}),
      });
      if (isEmergency) {
        return ok('The on-call team has been alerted. Tell the caller to call 999 or go to A&E now if they are in danger; do not give medical advice.', 'emergency');
      }
      return ok('The team has been asked to call the caller back as soon as possible. Tell the caller so; do not give medical advice.', 'escalated');
    },
  };

  return {
    async execute(name: string, rawArguments: Record<string, unknown>, context: ToolContext): Promise<ToolOutcome> {
      if (!isVapiToolName(name)) return failed(`Unknown tool ${name}.`);
      const parsed = vapiToolArguments[name].safeParse(rawArguments);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return failed(`Invalid ${issue?.path.join('.') || 'arguments'}: ${issue?.message ?? 'not valid'}.`);
      }
      const run = tools[name] as (args: unknown, context: ToolContext) => Promise<ToolOutcome>;
      return run(parsed.data, context);
    },
  };
}

export type VapiToolExecutor = ReturnType<typeof createVapiToolExecutor>;
