/**
 * What an inbound text asks for before any conversation happens (issue 6, WIRE-FORMATS): the
 * carrier keywords Twilio acts on itself, then the one-word replies to an appointment message.
 * Pure: the webhook decides what to do with the answer.
 *
 * The clash, resolved on purpose:
 * - `CANCEL` alone is an opt-out, not an appointment cancellation. Twilio's Advanced Opt-Out
 *   already treats it as STOP on its side and blocks every later message to the number, so
 *   reading it as "cancel my appointment" would cancel without any way to tell the patient.
 *   Our texts ask for `NO` to cancel; "cancel my appointment" (more than the bare keyword) is
 *   an appointment cancellation.
 * - `YES` alone re-subscribes a number that opted out (Twilio does the same); from a number that
 *   has not opted out it confirms the next appointment.
 */
export type SmsKeyword =
  | { kind: 'opt_out'; keyword: string }
  | { kind: 'opt_in'; keyword: string }
  | { kind: 'help'; keyword: string }
  | { kind: 'confirm_appointment'; keyword: string }
  | { kind: 'cancel_appointment'; keyword: string }
  | { kind: 'reschedule_appointment'; keyword: string };

/** Twilio's default opt-out keywords (Advanced Opt-Out). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
/** Twilio's default opt-in keywords. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

const CONFIRM_KEYWORDS = new Set(['YES', 'Y', 'C', 'CONFIRM', 'CONFIRMED']);
const CANCEL_KEYWORDS = new Set(['NO', 'N']);
const RESCHEDULE_KEYWORDS = new Set(['RESCHEDULE', 'REBOOK', 'R']);
const OPT_OUT = new Set<string>(OPT_OUT_KEYWORDS);
const OPT_IN = new Set<string>(OPT_IN_KEYWORDS);
const HELP = new Set<string>(HELP_KEYWORDS);

/** "cancel my appointment", "please cancel the booking": a cancellation in words. */
const CANCEL_PHRASE = /^(?:please\s+)?cancel\s+(?:my|the|our|this|that)?\s*(?:appointment|appt|booking|visit|consultation)\b/i;
const RESCHEDULE_PHRASE = /^(?:please\s+|can\s+i\s+|could\s+i\s+|i(?:'d| would)\s+like\s+to\s+)?(?:reschedule|rebook|move)\s+(?:my|the|this|that)?\s*(?:appointment|appt|booking|visit)\b/i;

/**
 * The keyword a whole message consists of: case, surrounding spaces, quotes and closing
 * punctuation do not matter ("Stop.", " yes! "), anything more makes it a sentence.
 */
export function keywordOf(body: string): string | undefined {
  const trimmed = body
    .normalize('NFKC')
    .trim()
    .replace(/^["'“‘(]+|["'”’).!?,;:]+$/gu, '')
    .trim();
  if (!/^[\p{L}]+$/u.test(trimmed)) return undefined;
  return trimmed.toUpperCase();
}

/**
 * What the text asks for, or undefined when it is a message for the conversation engine.
 * `isOptedOut`: the sender has opted out of this clinic's texts.
 */
export function classifySmsKeyword(body: string, context: { isOptedOut: boolean }): SmsKeyword | undefined {
  const keyword = keywordOf(body);
  if (keyword !== undefined) {
    // Carrier keywords first: they bind whatever the conversation was about.
    if (OPT_OUT.has(keyword)) return { kind: 'opt_out', keyword };
    if (OPT_IN.has(keyword) && (context.isOptedOut || !CONFIRM_KEYWORDS.has(keyword))) return { kind: 'opt_in', keyword };
    if (HELP.has(keyword)) return { kind: 'help', keyword };
    if (CONFIRM_KEYWORDS.has(keyword)) return { kind: 'confirm_appointment', keyword };
    if (CANCEL_KEYWORDS.has(keyword)) return { kind: 'cancel_appointment', keyword };
    if (RESCHEDULE_KEYWORDS.has(keyword)) return { kind: 'reschedule_appointment', keyword };
    return undefined;
  }
  const sentence = body.normalize('NFKC').trim();
  if (CANCEL_PHRASE.test(sentence)) return { kind: 'cancel_appointment', keyword: 'CANCEL' };
  if (RESCHEDULE_PHRASE.test(sentence)) return { kind: 'reschedule_appointment', keyword: 'RESCHEDULE' };
  return undefined;
}
