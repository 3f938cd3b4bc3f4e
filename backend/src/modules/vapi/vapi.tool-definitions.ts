import { z } from 'zod';

/**
 * The tools the voice assistant may call mid-call (contract §4.1): one definition per tool, used
 * three ways — as the JSON Schema Vapi shows the model (`z.toJSONSchema`), to validate the
 * arguments Vapi sends back, and by the call simulator to build realistic tool calls.
 *
 * Results are single-line strings the assistant reads and paraphrases. Where a later tool needs a
 * value from an earlier result (a slot's start, an appointment id), the result carries it as
 * `key=value` in square brackets, e.g. `[startsAt=2026-11-24T14:00:00.000Z]`, so the model can copy it.
 */
const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset, copied from a check_availability result (startsAt=…)');
const localDate = z.iso.date().describe('Day in the clinic\'s time zone, YYYY-MM-DD');
const e164 = z.string().regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number').describe('Phone number in international format, e.g. +447700900123');

export const vapiToolArguments = {
  search_knowledge_base: z.object({
    query: z.string().trim().min(1).max(500).describe('The caller\'s question in their own words'),
  }),
  check_availability: z.object({
    service: z.string().trim().min(1).max(200).describe('Treatment or service name, e.g. "lip filler"'),
    date: localDate.optional(),
    partOfDay: z.enum(['morning', 'afternoon', 'evening']).optional(),
  }),
  book_appointment: z.object({
    service: z.string().trim().min(1).max(200).describe('Treatment or service name'),
    startsAt: isoDateTime,
    patientName: z.string().trim().min(1).max(200).describe('Full name of the patient'),
    phone: e164.optional().describe('Patient phone; defaults to the number the caller is calling from'),
  }),
  reschedule_appointment: z.object({
    appointmentId: z.uuid().optional().describe('From lookup_patient (appointmentId=…); defaults to the caller\'s next appointment'),
    newStartsAt: isoDateTime,
  }),
  cancel_appointment: z.object({
    appointmentId: z.uuid().optional().describe('From lookup_patient (appointmentId=…); defaults to the caller\'s next appointment'),
    reason: z.string().trim().max(500).optional(),
  }),
  lookup_patient: z.object({
    phone: e164.optional().describe('Defaults to the number the caller is calling from'),
  }),
  take_message: z.object({
    message: z.string().trim().min(1).max(2_000).describe('The message for the clinic team, in full'),
    callerName: z.string().trim().max(200).optional(),
    callbackNumber: e164.optional(),
  }),
  escalate_to_staff: z.object({
    reason: z.string().trim().min(1).max(1_000).describe('Why a human is needed'),
    urgency: z.enum(['routine', 'urgent', 'emergency']).default('routine'),
  }),
} as const;

export type VapiToolName = keyof typeof vapiToolArguments;
export type VapiToolArguments<Name extends VapiToolName> = z.output<(typeof vapiToolArguments)[Name]>;

export const VAPI_TOOL_NAMES = Object.keys(vapiToolArguments) as VapiToolName[];

export function isVapiToolName(name: string): name is VapiToolName {
  return Object.hasOwn(vapiToolArguments, name);
}

/** What the model is told about each tool, and what the caller hears while it runs. */
export const vapiToolDescriptions: Record<VapiToolName, { description: string; requestStart?: string }> = {
  search_knowledge_base: {
    description:
      'Look up the clinic\'s own information (treatments, prices, aftercare, policies, opening hours, location). Always use it before answering a factual question about the clinic.',
  },
  check_availability: {
    description: 'Find free appointment slots for a service. Returns up to five slots with their startsAt values.',
    requestStart: 'Let me check the diary for you.',
  },
  book_appointment: {
    description: 'Book a slot found by check_availability, after the caller has confirmed the service, time and their name.',
    requestStart: 'One moment while I book that.',
  },
  reschedule_appointment: {
    description: 'Move an existing appointment to a new free slot (use check_availability first).',
    requestStart: 'One moment while I move that.',
  },
  cancel_appointment: { description: 'Cancel an existing appointment after the caller has confirmed which one.' },
  lookup_patient: {
    description: 'Find the caller\'s record by phone number: their name and upcoming appointments (with appointmentId values).',
  },
  take_message: { description: 'Pass a message to the clinic team, who will call back.' },
  escalate_to_staff: {
    description:
      'Hand over to a human: the caller asks for a person, has a complaint, needs clinical advice, or describes anything urgent. Use urgency "emergency" for red-flag symptoms.',
  },
};

/** JSON Schema of a tool's parameters, as Vapi's function tools expect it. */
export function vapiToolParametersSchema(name: VapiToolName): Record<string, unknown> {
  const schema = z.toJSONSchema(vapiToolArguments[name], { io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  // zod spells formats out as long regular expressions too; the model needs only the format.
  for (const property of Object.values(schema.properties as Record<string, Record<string, unknown>>)) {
    if (property.format) delete property.pattern;
  }
  return schema;
}
