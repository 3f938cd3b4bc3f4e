import type { Vapi } from '@vapi-ai/server-sdk';
import type { AgentSettings, OpeningHoursEntry } from '../agent/agent.schemas';
import { CALL_OUTCOMES } from '../calls/call-outcome';
import { emergencyNumberFor } from '../safety/emergency';
import { VAPI_TOOL_NAMES, vapiToolDescriptions, vapiToolParametersSchema, type VapiToolName } from './vapi.tool-definitions';
import { dateTimeFormat, formatPrice } from '../../platform/intl';

/**
 * The assistant Vapi runs for a clinic: answered transiently to every `assistant-request` and
 * pushed as the clinic's saved assistant by the sync job. Pure: everything it needs comes in.
 */

/** The API accepts `silenceTimeoutSeconds` on assistants; SDK 2.0.1's DTO does not declare it. */
export type VapiAssistant = Vapi.CreateAssistantDto & { silenceTimeoutSeconds?: number };

export type AssistantService = {
  name: string;
  durationMinutes: number;
  priceMinor: number | null;
  currency: string;
  depositMinor: number;
  description: string | null;
};

export type AssistantClinic = {
  id: string;
  name: string;
  timezone: string;
  countryCode: string;
  settings: AgentSettings;
  openingHours: OpeningHoursEntry[];
  services: AssistantService[];
  /** Upcoming closure days, YYYY-MM-DD. */
  closures?: string[];
};

export type BuildAssistantInput = {
  clinic: AssistantClinic;
  /** A recognised returning caller (their patient record's name), for the greeting. */
  callerName?: string | null;
  /** The call's start; omitted for the saved assistant, whose prompt cannot know the day. */
  now?: Date;
  publicBaseUrl: string;
  /** Sent back by Vapi as `X-Vapi-Secret` on every server message and tool call. */
  webhookSecret?: string;
};

/**
 * The server messages the assistant asks Vapi for: the ones we act on. `transcript` is not in
 * Vapi's default list. `conversation-update` is left out on purpose: it repeats the whole
 * conversation every turn and tells us nothing the transcripts and tool calls did not (it is
 * still acknowledged when an assistant configured elsewhere sends it).
 */
export const ASSISTANT_SERVER_MESSAGES = [
  'transcript',
  'tool-calls',
  'status-update',
  'end-of-call-report',
  'transfer-destination-request',
  'speech-update',
  'hang',
] as const satisfies readonly Vapi.CreateAssistantDtoServerMessagesItem[];

const OPENAI_MODEL = 'gpt-4o';
const SERVER_TIMEOUT_SECONDS = 20;
const SILENCE_TIMEOUT_SECONDS = 30;
const MAX_DURATION_SECONDS = 20 * 60;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const TRANSCRIBER_LANGUAGE: Record<string, Vapi.DeepgramTranscriberLanguage> = {
  GB: 'en-GB',
  IE: 'en-GB',
  US: 'en-US',
  CA: 'en-US',
  AU: 'en-AU',
  NZ: 'en-NZ',
  IN: 'en-IN',
};

export function webhookUrlFor(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/vapi`;
}

const VAPI_SCHEMA_FORMATS = new Set<string>(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uuid']);

/**
 * Keeps only what Vapi's `JsonSchema` declares (its API validates request bodies against its
 * DTOs): zod's `minLength`, `maxLength`, `default` and `additionalProperties` are dropped — the
 * arguments are validated with the zod schemas when the tool call comes back anyway.
 */
export function toVapiJsonSchema(schema: Record<string, unknown>): Vapi.JsonSchema {
  const result: Record<string, unknown> = { type: schema.type };
  for (const key of ['description', 'pattern', 'title'] as const) {
    if (typeof schema[key] === 'string') result[key] = schema[key];
  }
  if (typeof schema.format === 'string' && VAPI_SCHEMA_FORMATS.has(schema.format)) result.format = schema.format;
  if (Array.isArray(schema.enum)) result.enum = schema.enum.map(String);
  if (Array.isArray(schema.required)) result.required = schema.required;
  if (typeof schema.items === 'object' && schema.items !== null) result.items = toVapiJsonSchema(schema.items as Record<string, unknown>);
  if (typeof schema.properties === 'object' && schema.properties !== null) {
    result.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Record<string, unknown>>).map(([name, property]) => [name, toVapiJsonSchema(property)]),
    );
  }
  return result as unknown as Vapi.JsonSchema;
}

// Converting the zod schemas costs most of a build (~1 ms for eight tools); they never change.
const toolParameterCache = new Map<VapiToolName, Vapi.OpenAiFunctionParameters>();
function toolParameters(name: VapiToolName): Vapi.OpenAiFunctionParameters {
  let parameters = toolParameterCache.get(name);
  if (!parameters) {
    parameters = toVapiJsonSchema(vapiToolParametersSchema(name)) as Vapi.OpenAiFunctionParameters;
    toolParameterCache.set(name, parameters);
  }
  return parameters;
}

export type VapiServer = { url: string; timeoutSeconds: number; headers?: Record<string, string> };

/** Our webhook as Vapi's `server`: assistant, tools and phone numbers all point here. */
export function vapiServerFor(publicBaseUrl: string, webhookSecret?: string): VapiServer {
  return {
    url: webhookUrlFor(publicBaseUrl),
    timeoutSeconds: SERVER_TIMEOUT_SECONDS,
    ...(webhookSecret ? { headers: { 'X-Vapi-Secret': webhookSecret } } : {}),
  };
}

export function buildVapiAssistant(input: BuildAssistantInput): VapiAssistant {
  const { clinic } = input;
  const { settings } = clinic;
  const server = vapiServerFor(input.publicBaseUrl, input.webhookSecret);
  const transferNumber = settings.onCallNumber ?? settings.emergencyLine;
  const tools: Vapi.OpenAiModelToolsItem[] = VAPI_TOOL_NAMES.map((name) => {
    const { description, requestStart } = vapiToolDescriptions[name];
    return {
      type: 'function',
      function: {
        name,
        description,
        parameters: toolParameters(name),
      },
      server,
      ...(requestStart ? { messages: [{ type: 'request-start', content: requestStart }] } : {}),
    };
  });
  if (transferNumber) {
    tools.push({
      type: 'transferCall',
      destinations: [
        {
          type: 'number',
          number: transferNumber,
          description: `${clinic.name} on-call team: emergencies, callers who ask for a person, and anything you cannot handle`,
          message: 'I am transferring you to the clinic team now. Please stay on the line.',
        },
      ],
    });
  }

  return {
    name: assistantName(clinic),
    firstMessage: buildFirstMessage(clinic, input.callerName),
    model: {
      provider: 'openai',
      model: OPENAI_MODEL,
      temperature: 0.2,
      maxTokens: 300,
      messages: [{ role: 'system', content: buildSystemPrompt(input) }],
      tools,
    },
    voice: voiceOf(settings.voice),
    transcriber: {
      provider: 'deepgram',
      model: 'nova-2',
      language: TRANSCRIBER_LANGUAGE[clinic.countryCode.trim().toUpperCase()] ?? 'en',
      smartFormat: true,
    },
    serverMessages: [...ASSISTANT_SERVER_MESSAGES],
    server,
    metadata: { clinicId: clinic.id },
    artifactPlan: { recordingEnabled: settings.recordingEnabled },
    analysisPlan: {
      summaryPlan: { enabled: true },
      structuredDataPlan: { enabled: true, schema: OUTCOME_SCHEMA },
      successEvaluationPlan: { enabled: true, rubric: 'PassFail' },
    },
    endCallMessage: `Thank you for calling ${clinic.name}. Goodbye.`,
    endCallPhrases: ['goodbye', 'bye for now'],
    silenceTimeoutSeconds: SILENCE_TIMEOUT_SECONDS,
    maxDurationSeconds: MAX_DURATION_SECONDS,
  };
}

/** Vapi limits assistant names to 40 characters. */
function assistantName(clinic: AssistantClinic): string {
  return `${clinic.settings.name} – ${clinic.name}`.slice(0, 40);
}

function voiceOf(voice: AgentSettings['voice']): Vapi.CreateAssistantDtoVoice {
  // Every provider we offer takes `{provider, voiceId}`; the union is keyed by provider.
  return { provider: voice.provider, voiceId: voice.voiceId } as Vapi.CreateAssistantDtoVoice;
}

const OUTCOME_SCHEMA: Vapi.JsonSchema = {
  type: 'object',
  properties: {
    outcome: {
      type: 'string',
      enum: [...CALL_OUTCOMES],
      description:
        'booked: an appointment was booked, moved or cancelled; answered: questions answered, nothing else needed; message_taken: a message was left for the team; escalated: handed to staff or transferred; emergency: the caller described an emergency; abandoned: the caller hung up before anything was resolved.',
    },
    serviceRequested: { type: 'string', description: 'The treatment or service the caller asked about, if any' },
    followUpNeeded: { type: 'boolean', description: 'True if the clinic team must call the caller back' },
  },
  required: ['outcome'],
};

const AI_DISCLOSURE = /\bAI\b|artificial intelligence/i;
const RECORDING_NOTICE = /\brecord(ed|ing)\b/i;
const GREETING_WORD = /^(hello|hi|hey|good (morning|afternoon|evening))\b/i;

/**
 * Callers must hear that they are talking to an AI and, when calls are recorded, that they are:
 * an owner's greeting that lacks either gets the missing sentence before its closing question.
 */
export function buildFirstMessage(clinic: AssistantClinic, callerName?: string | null): string {
  const { settings } = clinic;
  let greeting =
    settings.firstMessage ??
    `Hello, thank you for calling ${clinic.name}. I'm ${settings.name}, the clinic's AI assistant${settings.recordingEnabled ? ', and this call may be recorded' : ''}. How can I help you today?`;
  const notices: string[] = [];
  if (!AI_DISCLOSURE.test(greeting)) notices.push(`I'm ${settings.name}, the clinic's AI assistant.`);
  if (settings.recordingEnabled && !RECORDING_NOTICE.test(greeting)) notices.push('This call may be recorded.');
  if (notices.length > 0) greeting = insertBeforeClosingQuestion(greeting, notices.join(' '));

  const firstName = firstNameOf(callerName);
  if (!firstName) return greeting;
  const opening = GREETING_WORD.exec(greeting);
  if (opening) return `${opening[0]} ${firstName}${greeting.slice(opening[0].length)}`;
  return `Hello ${firstName}. ${greeting}`;
}

function insertBeforeClosingQuestion(greeting: string, sentence: string): string {
  const trimmed = greeting.trim();
  const match = /(^|[.!?]\s+)([^.!?]*\?)\s*$/.exec(trimmed);
  if (!match || match.index === undefined) return `${withFullStop(trimmed)} ${sentence}`;
  const questionStart = match.index + (match[1]?.length ?? 0);
  const before = trimmed.slice(0, questionStart).trim();
  const question = trimmed.slice(questionStart).trim();
  return before ? `${withFullStop(before)} ${sentence} ${question}` : `${sentence} ${question}`;
}

function withFullStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The first word of a patient's stored name, letters only: names come from callers and staff,
 * and whatever else they contain must never reach the greeting or the model.
 */
export function firstNameOf(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0]?.replace(/[^\p{L}'-]/gu, '').slice(0, 30);
  if (!first || !/\p{L}/u.test(first)) return undefined;
  return first;
}

function describeService(service: AssistantService): string {
  const price =
    service.priceMinor === null ? 'price on consultation' : service.priceMinor === 0 ? 'free' : formatPrice(service.priceMinor, service.currency);
  const deposit = service.depositMinor > 0 ? `, deposit ${formatPrice(service.depositMinor, service.currency)}` : '';
  const note = service.description ? ` (${service.description})` : '';
  return `- ${service.name}: ${service.durationMinutes} minutes, ${price}${deposit}${note}`;
}

function describeOpeningHours(entries: OpeningHoursEntry[]): string {
  return WEEKDAYS.map((day, index) => {
    const periods = entries
      .filter((entry) => entry.weekday === index + 1)
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt))
      .map((entry) => `${entry.opensAt}–${entry.closesAt}`);
    return `- ${day}: ${periods.length > 0 ? periods.join(', ') : 'closed'}`;
  }).join('\n');
}

function describeNow(now: Date, timezone: string): string {
  const formatted = dateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return `It is now ${formatted} (${timezone}, the clinic's local time). Use this time zone for every date and time you mention.`;
}

function safeModeRules(isSafeModeOn: boolean): string {
  const always = [
    '- Never diagnose, never say whether a symptom is normal or serious, and never recommend, adjust or dose any medication, product or treatment for a caller.',
    '- Never tell a caller whether a treatment is safe for them personally (pregnancy, breastfeeding, medicines, medical conditions, allergies): a clinician must decide.',
    '- For any of these, say that a clinician needs to advise and offer a call-back: call escalate_to_staff (urgency "urgent" for symptoms after a treatment, otherwise "routine") and tell the caller the team will call them back.',
  ];
  if (isSafeModeOn) {
    return [
      'SAFE MODE is on:',
      ...always,
      '- Do not give aftercare or symptom advice of your own, even general tips: only read the clinic\'s published information from search_knowledge_base, and offer a clinician call-back for anything about the caller\'s own symptoms.',
    ].join('\n');
  }
  return [
    'Clinical boundaries (always, even with Safe Mode off):',
    ...always,
    '- You may read the clinic\'s published general information (for example standard aftercare leaflets) from search_knowledge_base.',
  ].join('\n');
}

export function buildSystemPrompt(input: BuildAssistantInput): string {
  const { clinic } = input;
  const { settings } = clinic;
  const emergencyNumber = emergencyNumberFor(clinic.countryCode);
  const hasTransfer = Boolean(settings.onCallNumber ?? settings.emergencyLine);
  const firstName = firstNameOf(input.callerName);
  const sections: string[] = [];

  sections.push(
    [
      `You are ${settings.name}, the AI receptionist answering the phone for ${clinic.name}.`,
      'You are an AI assistant, not a person: say so whenever you are asked, and never claim to be human.',
      settings.recordingEnabled ? 'Calls are recorded; if asked, confirm that this call is being recorded.' : 'Calls are not recorded.',
      input.now
        ? describeNow(input.now, clinic.timezone)
        : `The clinic's time zone is ${clinic.timezone}; take dates from check_availability and lookup_patient results rather than assuming today's date.`,
    ].join('\n'),
  );

  sections.push(
    [
      'SAFETY RULES. They override everything else in this prompt, including the clinic\'s own instructions at the end.',
      `Emergencies: if the caller mentions chest pain, difficulty breathing, severe bleeding, signs of a stroke, a severe allergic reaction or swelling of the face, lips, tongue or throat, fainting or collapse, sudden loss of vision, skin turning white, blue or mottled after a filler, or thoughts of suicide or self-harm: first tell them clearly to hang up and call ${emergencyNumber} now, or go to A&E (the nearest emergency department). Then call escalate_to_staff with urgency "emergency"${hasTransfer ? ' and, if they want to stay on the line, transfer them to the on-call team with transferCall' : ''}. Do not book, sell or carry on with anything else.`,
      safeModeRules(settings.safeMode),
      '- Use search_knowledge_base before answering any question about the clinic (treatments, prices, aftercare, policies, location, practitioners). Only quote prices from the list below or from search results; never guess or invent a price, a policy or an opening time. If you cannot find the answer, say so and offer to take a message with take_message.',
      '- Only discuss the appointments and details of the caller\'s own record (lookup_patient); never reveal anything about other patients.',
      `- If the caller asks for a person, is upset or wants to complain, call escalate_to_staff${hasTransfer ? ' or offer to transfer them with transferCall' : ''}.`,
    ].join('\n'),
  );

  sections.push(
    [
      'BOOKINGS',
      '- Find times with check_availability and offer at most three. Before calling book_appointment, read back the service, the day and time, and the patient\'s full name, and wait for the caller to confirm.',
      '- For book_appointment, copy startsAt exactly from the check_availability result.',
      '- To move or cancel, call lookup_patient first, confirm which appointment, then call reschedule_appointment or cancel_appointment.',
      '- Tool results contain [key=value] references: use them in later tool calls, never read them out.',
      '- Speak naturally for the phone: short sentences, one question at a time, times said the way people say them ("half past two on Tuesday").',
    ].join('\n'),
  );

  const clinicFacts = [
    `CLINIC: ${clinic.name}`,
    'Opening hours:',
    describeOpeningHours(clinic.openingHours),
  ];
  if (clinic.closures && clinic.closures.length > 0) clinicFacts.push(`Closed on: ${clinic.closures.join(', ')}`);
  clinicFacts.push(
    'Services and prices:',
    clinic.services.length > 0 ? clinic.services.map(describeService).join('\n') : '- (none listed: use search_knowledge_base and never quote a price you cannot find)',
  );
  if (settings.languages.length > 1) {
    clinicFacts.push(`Languages the team speaks: ${settings.languages.join(', ')}. Answer in the caller's language when it is one of these.`);
  }
  sections.push(clinicFacts.join('\n'));

  if (firstName) {
    sections.push(
      `CALLER: the calling number belongs to a returning patient named ${firstName}. Before discussing their appointments, check you are speaking with ${firstName}.`,
    );
  }

  if (settings.instructions.trim()) {
    sections.push(
      [
        'CLINIC\'S OWN INSTRUCTIONS (style and business preferences from the clinic owner; follow them unless they conflict with the safety rules, which always win):',
        '"""',
        settings.instructions.trim().replaceAll('"""', '"'),
        '"""',
      ].join('\n'),
    );
  }

  return sections.join('\n\n');
}
