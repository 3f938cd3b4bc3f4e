import type { VapiToolArguments, VapiToolName } from '../modules/vapi/vapi.tool-definitions';

/**
 * What is said in each simulated call, as data: lines, tool uses (with arguments built from the
 * results of earlier tools, as a model copies them), transfers and the way the call ends.
 * Variants are picked with the scenario's seeded random so a seed always gives the same call.
 */
export type VapiScenarioName = 'booking' | 'faq' | 'emergency' | 'medical-advice';

export const VAPI_SCENARIO_NAMES: readonly VapiScenarioName[] = ['booking', 'faq', 'emergency', 'medical-advice'];

export function isVapiScenarioName(name: string): name is VapiScenarioName {
  return (VAPI_SCENARIO_NAMES as readonly string[]).includes(name);
}

/** A tool's answer as the backend gave it, in the order the answers arrived. */
export type ToolResultEntry = { toolCallId: string; name: string; result?: string; error?: string };

/** A later tool call needs a value an earlier result did not carry (e.g. no slot was offered). */
export class ScenarioDependencyError extends Error {
  override name = 'ScenarioDependencyError';
}

/** `key=value` tokens a tool result carries in square brackets, e.g. `[startsAt=2026-11-24T14:00:00.000Z]`. */
export function resultTokens(result: string | undefined, key: string): string[] {
  if (!result) return [];
  const pattern = new RegExp(`\\[${key}=([^\\]\\s]+)\\]`, 'g');
  return [...result.matchAll(pattern)].map((match) => match[1]!);
}

type ArgumentsOf<Name extends VapiToolName> = (results: readonly ToolResultEntry[]) => VapiToolArguments<Name>;

export type ToolUse = {
  [Name in VapiToolName]: {
    name: Name;
    arguments: ArgumentsOf<Name>;
    /** Asked only when earlier results call for it (a second booking attempt). */
    isNeeded?: (results: readonly ToolResultEntry[]) => boolean;
  };
}[VapiToolName];

export type Beat =
  | { kind: 'say'; role: 'assistant' | 'user'; text: string }
  | { kind: 'tool'; use: ToolUse }
  | { kind: 'transfer' }
  | { kind: 'hang' };

export type Dialogue = {
  beats: Beat[];
  endedReason: string;
  summary: string;
  structuredData: Record<string, unknown>;
  successEvaluation: string;
};

export type DialogueOptions = {
  pick: <T>(items: readonly T[]) => T;
  /** When a result lacks a value a later call copies, use a stand-in instead of failing (for servers that answer `{}`). */
  allowMissingToolResults: boolean;
  /** A plausible slot when a stand-in is needed. */
  fallbackStartsAt: string;
};

const GREETING = 'Hello, thank you for calling. I’m the clinic’s AI assistant, and this call may be recorded. How can I help you today?';

function lastResultOf(results: readonly ToolResultEntry[], name: VapiToolName): ToolResultEntry | undefined {
  return [...results].reverse().find((entry) => entry.name === name);
}

function firstSlotOf(entry: ToolResultEntry | undefined, options: DialogueOptions, source: string): string {
  const slot = resultTokens(entry?.result, 'startsAt')[0];
  if (slot) return slot;
  if (options.allowMissingToolResults) return options.fallbackStartsAt;
  throw new ScenarioDependencyError(`no [startsAt=…] slot in the ${source} result: ${entry?.result ?? entry?.error ?? 'no result'}`);
}

function isBooked(entry: ToolResultEntry | undefined): boolean {
  return resultTokens(entry?.result, 'appointmentId').length > 0;
}

const say = (role: 'assistant' | 'user', text: string): Beat => ({ kind: 'say', role, text });
const tool = (use: ToolUse): Beat => ({ kind: 'tool', use });

function bookingDialogue(options: DialogueOptions): Dialogue {
  const { pick } = options;
  const service = pick([
    { spoken: 'lip filler', asked: 'a lip filler appointment' },
    { spoken: 'HydraFacial', asked: 'a HydraFacial' },
    { spoken: 'chemical peel', asked: 'a chemical peel' },
    { spoken: 'free consultation', asked: 'a free consultation' },
  ]);
  const patientName = pick(['Olivia Bennett', 'Amara Okoye', 'Sofia Marques', 'Hannah Clarke', 'Priya Nair', 'Chloe Evans']);
  return {
    beats: [
      say('assistant', GREETING),
      say('user', `Hi there, I'd like to book ${service.asked} please, sometime soon if you have anything.`),
      say('assistant', 'Of course. Let me check the diary for you.'),
      tool({ name: 'check_availability', arguments: () => ({ service: service.spoken }) }),
      say('assistant', 'I have a few times available. The earliest one is free, would you like me to book that?'),
      say('user', `Yes please, the earliest one is perfect. My name is ${patientName}.`),
      tool({
        name: 'book_appointment',
        arguments: (results) => ({
          service: service.spoken,
          startsAt: firstSlotOf(lastResultOf(results, 'check_availability'), options, 'check_availability'),
          patientName,
        }),
      }),
      // A model offered "that time has just been taken" books the next slot the result offers.
      tool({
        name: 'book_appointment',
        isNeeded: (results) => {
          const booking = lastResultOf(results, 'book_appointment');
          return booking !== undefined && !isBooked(booking) && resultTokens(booking.result, 'startsAt').length > 0;
        },
        arguments: (results) => ({
          service: service.spoken,
          startsAt: firstSlotOf(lastResultOf(results, 'book_appointment'), options, 'book_appointment'),
          patientName,
        }),
      }),
      say('assistant', 'You’re all booked in, and a confirmation text will follow. Is there anything else I can help with?'),
      say('user', "No, that's everything, thank you. Bye."),
      say('assistant', 'Thank you for calling. Goodbye.'),
    ],
    endedReason: 'assistant-ended-call',
    summary: `${patientName} called to book ${service.spoken} and was booked into the earliest available slot.`,
    structuredData: { outcome: 'booked', intent: 'book', service: service.spoken },
    successEvaluation: 'true',
  };
}

function faqDialogue(options: DialogueOptions): Dialogue {
  const { pick } = options;
  const first = pick([
    'How much is lip filler, and how long does it last?',
    'What are your opening hours on Saturday?',
    'Do I need a patch test before laser hair removal?',
    'How much is a deposit for anti-wrinkle injections?',
  ]);
  const second = pick(['And is there any parking nearby?', "And what's your cancellation policy?", 'And how do I get to you from the station?']);
  const asQuery = (question: string) => question.replace(/^And /, '').replace(/\?$/, '').toLowerCase();
  return {
    beats: [
      say('assistant', GREETING),
      say('user', `Hi, quick question. ${first}`),
      tool({ name: 'search_knowledge_base', arguments: () => ({ query: asQuery(first) }) }),
      { kind: 'hang' },
      say('assistant', 'Thanks for waiting. Here’s what the clinic’s information says about that.'),
      say('user', second),
      tool({ name: 'search_knowledge_base', arguments: () => ({ query: asQuery(second) }) }),
      say('assistant', 'Here’s what I found on that too. Is there anything else I can help with?'),
      say('user', "No, that's great, thanks. Bye."),
      say('assistant', 'Thank you for calling. Goodbye.'),
    ],
    endedReason: 'customer-ended-call',
    summary: 'The caller asked two questions about the clinic, answered from its knowledge base.',
    structuredData: { outcome: 'answered', intent: 'question' },
    successEvaluation: 'true',
  };
}

function emergencyDialogue(options: DialogueOptions): Dialogue {
  const { pick } = options;
  const redFlag = pick([
    { words: "I've got really bad chest pain and I can't breathe properly.", reason: 'Caller reports severe chest pain and difficulty breathing' },
    { words: 'my throat is swelling up and my lips are huge, I think it might be anaphylaxis.', reason: 'Caller describes throat swelling, possible anaphylaxis' },
    { words: "the skin around it has gone white and I can't see properly out of one eye.", reason: 'Skin blanching and vision change after filler' },
  ]);
  return {
    beats: [
      say('assistant', GREETING),
      say('user', `Hi, um, sorry, I had a treatment with you yesterday and, um, I don't really know what to do, ${redFlag.words}`),
      tool({ name: 'escalate_to_staff', arguments: () => ({ reason: redFlag.reason, urgency: 'emergency' }) }),
      say('assistant', 'This could be a medical emergency. Please call 999 now, or go to A&E. I’m putting you through to our on-call clinician.'),
      { kind: 'transfer' },
    ],
    endedReason: 'assistant-forwarded-call',
    summary: 'Emergency: the caller described red-flag symptoms; told to call 999 and transferred to the on-call clinician.',
    structuredData: { outcome: 'emergency', intent: 'emergency' },
    successEvaluation: 'true',
  };
}

function medicalAdviceDialogue(options: DialogueOptions): Dialogue {
  const { pick } = options;
  const question = pick([
    "I had anti-wrinkle injections on Monday and I've got a headache. How much ibuprofen can I take, is eight hundred milligrams okay?",
    'Can I take my antibiotics the day after lip filler, and should I double the dose?',
    'How many paracetamol can I take for the swelling after my cheek filler?',
  ]);
  return {
    beats: [
      say('assistant', GREETING),
      say('user', `Hello. ${question}`),
      say('assistant', 'I’m sorry, I can’t give medical advice. I can ask one of our clinicians to call you back today, would that help?'),
      say('user', 'Okay, yes please, that would be good.'),
      tool({ name: 'escalate_to_staff', arguments: () => ({ reason: 'Caller asked about medication dosing after a treatment', urgency: 'routine' }) }),
      say('assistant', 'I’ve passed that on, and a clinician will call you back. Is there anything else?'),
      say('user', 'No, thanks. Bye.'),
    ],
    endedReason: 'customer-ended-call',
    summary: 'The caller asked for medication advice; the assistant declined and asked a clinician to call back.',
    structuredData: { outcome: 'escalated', intent: 'question' },
    successEvaluation: 'true',
  };
}

export function dialogueFor(scenario: VapiScenarioName, options: DialogueOptions): Dialogue {
  switch (scenario) {
    case 'booking':
      return bookingDialogue(options);
    case 'faq':
      return faqDialogue(options);
    case 'emergency':
      return emergencyDialogue(options);
    case 'medical-advice':
      return medicalAdviceDialogue(options);
  }
}
