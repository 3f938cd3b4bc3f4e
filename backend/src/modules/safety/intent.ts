import { detectEmergency } from './emergency';
import { matchesAny, normalizeText } from './safety-text';

export type Intent =
  | 'book'
  | 'reschedule'
  | 'cancel'
  | 'confirm'
  | 'question'
  | 'human'
  | 'emergency'
  | 'complaint'
  | 'smalltalk'
  | 'other';

export interface IntentResult {
  intent: Intent;
  humanRequested: boolean;
  complaint: boolean;
}

export interface IntentContext {
  /** The agent has just offered a slot or an action, so a bare "yes" accepts it. */
  hasPendingOffer?: boolean;
}

const HUMAN: readonly RegExp[] = [
  /\b(speak|talk|chat)(ing)? (to|with) (?!you\b|the bot\b|the ai\b)\S+/,
  /\b(put|transfer|connect|pass|forward) me (through|over|on)?\s*(to|with)\b/,
  /\bput me through\b/,
  /\b(real|actual|live|proper) (person|human|people|receptionist|member of staff)\b/,
  /\b(a|an|some) (human|human being|person)\b.{0,10}$/,
  /\b(want|need|like|get me|give me) (a |an |the )?(human|person|receptionist|manager|someone|somebody)\b/,
  /\b(someone|somebody|a person|the clinic|a nurse|the doctor|dr \w+|reception)\b.{0,25}\b(call|ring|phone) me( back)?\b/,
  /\b(call|ring|phone) me back\b/,
  /^\W*(operator|reception|receptionist|human|agent|representative|person|a human|real person)\W*$/,
];

const COMPLAINT: readonly RegExp[] = [
  /\b(unhappy|not happy|disappointed|dissatisfied|furious|fuming|livid|appalled|disgusted|outraged|not satisfied)\b/,
  /\b(want|get|demand|need|like|expect|give me|deserve|owed)\b.{0,15}\b(a |my )?(full )?refund\b/,
  /\brefund me\b|\bmoney back\b/,
  /\b(complain|complaint|complaining)\b/,
  /\b(legal action|solicitor|lawyer|sue|suing|court|ombudsman|trading standards|negligen\w*)\b/,
  /\breport (you|the clinic|this|them|her|him|it|the practice)\b/,
  /\b(worst|terrible|awful|horrible|disgusting|appalling|shocking|unacceptable|rubbish|useless|poor|bad|dreadful)\b(?: \S+){0,3} (service|experience|clinic|practice|treatment|job|care|results?|customer service|staff|place|dentist|doctor|nurse)\b/,
  /\b(rude|unprofessional|incompetent|ridiculous|unacceptable|a joke|a disgrace|shambles|botched|ruined|rip-?off|ripped off|scam)\b/,
  /\b(bad|negative|terrible|1|one)[- ]?(star )?review\b|\b(1|one)[- ]star\b/,
  /\bnever (coming|going) back\b/,
  /\b(didn'?t|did not|hasn'?t|has not|doesn'?t|does not|hasnt|didnt) (work|take)\b/,
  /\b(overcharged|charged me twice|double charged|charged twice|hung up on me|ignored me|kept me waiting)\b/,
  /\b(receptionist|staff|service|dentist|doctor|nurse|clinic|practice|experience|results?)\b.{0,30}\b(terrible|awful|horrible|appalling|shocking|rubbish|useless|disgraceful|dreadful)\b/,
];

const CANCEL: readonly RegExp[] = [
  /\bcancel(l?ed|l?ing|s)?\b|\bmake a cancellation\b/,
  /\bcall (it|the appointment|my appointment) off\b/,
  /\b(won'?t|will not|can'?t|cannot|not) (be )?(able to )?(make|come|attend)\b(?!.*\b(instead|another|different|later|earlier)\b)/,
  /\b(don'?t|do not|no longer) need (the|my) (appointment|appt|booking)\b/,
];

const RESCHEDULE: readonly RegExp[] = [
  /\b(reschedul\w*|re-schedul\w*|rearrang\w*|re-arrang\w*|postpon\w*)\b/,
  /\b(move|switch|change|push|bring) (me|it|us|him|her|them)\b/,
  /\b(move|change|switch|swap|shift|push|bring)\b.{0,30}\b(appointment|appt|booking|slot|time|day|date|cleaning|check-?up|consultation|session|treatment|back|forward|earlier|later)\b/,
  /\b(instead|another day|different day|different time|another time)\b.{0,5}\??$/,
];

const BOOK: readonly RegExp[] = [
  /\b(re)?book(ing|ed)?\b(?! (value|voucher))/,
  /\b(make|get|have|need|want|wanna|like|arrange|schedule|grab|set up|sort out)\b.{0,20}\b(appointment|appt|consultation|consult|slot|check-?up|session)\b/,
  /\b(come in|pop in|swing by|drop in|stop by|get seen|be seen)\b/,
  /\b(can|could) you (see|fit in|squeeze in) (me|him|her|us|them|my)\b/,
  /\b(can|could) (i|we) (get|have|book)\b.{0,40}\b(today|tomorrow|tonight|next|this (week|weekend|morning|afternoon|evening)|on (mon|tue|wed|thu|fri|sat|sun)\w*|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
  /\b(any|have you got|do you have|got any|is there)\b.{0,20}\b(availability|available|slots?|space|spaces|openings?|anything free|free)\b/,
  /\b(availability|available)\b.{0,20}\b(on|for|this|next|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
  /\bschedul\w*/,
  /\b(can|could) (i|you) (come in|fit me in|squeeze me in|see me)\b/,
  /\bfit me in\b|\bsqueeze me in\b/,
  /\b(appointment|appt) (for|with|on|at|next|this|tomorrow)\b/,
  // Wanting something on a day: "I'd like lip filler next Tuesday afternoon".
  /\b(want|wanna|like|need|love|looking for|hoping for|hoping to get)\b.{0,40}\b(today|tomorrow|tonight|next (week|mon|tue|wed|thu|fri|sat|sun)\w*|this (week|weekend|morning|afternoon|evening)|(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)\b/,
];

const CONFIRM_EXPLICIT: readonly RegExp[] = [/\bconfirm\w*\b/];
const AFFIRMATION =
  /^\W*(yes|yeah|yep|yup|ya|sure|ok|okay|k|perfect|great|lovely|brilliant|fine|sounds good|that'?s fine|that works|that'?s great|that'?s perfect|go ahead|please do|book it|do it|absolutely|definitely|correct|that one)\b/;

const QUESTION: readonly RegExp[] = [
  /\?/,
  /^(what|when|where|who|which|why|how|do you|do i|does|did|are you|is there|is it|is the|is this|is that|can i|could i|can you|could you|will|would|have you|are there|should i|am i)\b/,
  /\b(price|prices|cost|costs|how much|fee|fees|opening hours|open|close|closing|address|located|location|parking|directions|offer|provide)\b/,
  /\b(interested in|want to try|keen to try|looking into|thinking (about|of) getting|dying to try)\b/,
];

const SMALLTALK: readonly RegExp[] = [
  /\b(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning|evening)\b/,
  /\b(thanks|thank you|thank u|thx|ta|cheers|much appreciated|appreciate it)\b/,
  /\b(bye|goodbye|see you|see ya|take care|have a (good|nice|great) (day|one|evening))\b/,
  /\b(happy with|love my|loving my|great job|amazing)\b/,
];

/** A greeting with a courtesy question ("hiya, how are you?") is still small talk, not an enquiry. */
const GREETING_ONLY =
  /^\W*(hi|hello|hey|hiya|good (morning|afternoon|evening))\W*(there\W*)?(how are you( doing| today)?|you ok|how'?s it going)?\W*$/;

function firstMatchingIntent(t: string, context: IntentContext): Intent | undefined {
  if (GREETING_ONLY.test(t)) return 'smalltalk';
  // Before cancel: "cancel Tuesday and move me to Friday" is a move, not a loss of the booking.
  if (matchesAny(t, RESCHEDULE)) return 'reschedule';
  if (matchesAny(t, CANCEL)) return 'cancel';
  if (context.hasPendingOffer && AFFIRMATION.test(t)) return 'confirm';
  if (matchesAny(t, CONFIRM_EXPLICIT)) return 'confirm';
  if (matchesAny(t, BOOK)) return 'book';
  if (matchesAny(t, QUESTION)) return 'question';
  if (matchesAny(t, SMALLTALK)) return 'smalltalk';
  return undefined;
}

export function classifyIntent(text: string, context: IntentContext = {}): IntentResult {
  const t = normalizeText(text);
  const humanRequested = matchesAny(t, HUMAN);
  const complaint = matchesAny(t, COMPLAINT);
  if (detectEmergency(text).isEmergency) return { intent: 'emergency', humanRequested, complaint };
  if (humanRequested) return { intent: 'human', humanRequested, complaint };
  if (complaint) return { intent: 'complaint', humanRequested, complaint };
  return { intent: firstMatchingIntent(t, context) ?? 'other', humanRequested, complaint };
}
