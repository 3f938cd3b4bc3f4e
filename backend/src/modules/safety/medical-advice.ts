import { matchesAny, normalizeText } from './safety-text';

/**
 * Does the patient want a clinical judgement about themselves (diagnosis, medication, dosing,
 * personal suitability, what a symptom means)? Those go to a clinician. Questions the clinic's own
 * information answers — prices, services, leaflet aftercare, published eligibility policy such as
 * "no injectables in pregnancy" — are ordinary questions and stay with the agent.
 */

const DRUGS =
  '(ibuprofen|nurofen|advil|paracetamol|tylenol|acetaminophen|aspirin|co-?codamol|codeine|painkillers?|pain ?killers?|pain relief|antibiotics?|amoxicillin|penicillin|metronidazole|antihistamines?|piriton|cetirizine|loratadine|warfarin|apixaban|rivaroxaban|clopidogrel|blood ?thinners?|anticoagulants?|roaccutane|accutane|isotretinoin|methotrexate|steroids?|prednisolone|hydrocortisone|arnica|metformin|insulin|tablets?|pills?|medication|medicine|meds|cream|ointment|gel|lotion|drops|vitamins?|supplements?|fish oil)';

const CONDITIONS =
  '(diabetic|diabetes|autoimmune|lupus|epilep\\w*|heart condition|high blood pressure|low blood pressure|blood disorder|bleeding disorder|haemophilia|hemophilia|keloids?|cold sores?|herpes|eczema|psoriasis|rosacea|acne|cancer|chemo\\w*|immuno\\w*|allergic to|allergy to|allergies|arthritis|thyroid|migraines?|myasthenia|pacemaker|a condition|medical condition|on medication)';

const SYMPTOMS =
  '(swell\\w*|swollen|lump\\w*|bumps?|bump\\w*|bruis\\w*|rash|red|redness|itch\\w*|peel\\w*|sore|pain\\w*|hurts?|hurting|tender|numb\\w*|heavy|droop\\w*|uneven|asymmetr\\w*|sensitive|bleed\\w*|blister\\w*|scabs?|scabbing|discharge|pus|throb\\w*|ach\\w*|hot|warm|spots?|pimples?|burn\\w*|tingl\\w*|hard)';

const DIAGNOSIS: readonly RegExp[] = [
  /\bis (this|that|it|my [\w' -]{1,25}?)( \w+)? (normal|expected|usual|common|infected|cancerous|broken|cracked|serious|dangerous|a problem)\b/,
  /\bis (this|that|it) (an? )?(allergic reaction|reaction|infection|abscess|cold sore|side effect|complication)\b/,
  /\b(do you think|could (this|it|that) be|might (this|it|that) be|is it possibly|would you say)\b.{0,40}\b(cancer\w*|infect\w*|allerg\w*|reaction|rosacea|eczema|abscess|normal|serious|broken|cracked|migrated|herpes|melanoma)\b/,
  /\bdo (you think )?i (have|need antibiotics|need to see a doctor)\b.{0,30}\b(cancer|infection|rosacea|eczema|abscess|allergy|condition|antibiotics|doctor)\b/,
  /\bwhat'?s (wrong|going on|happening) with (my|me)\b/,
  /\bwhat is (wrong|going on|happening) with (my|me)\b/,
  /\bdiagnos\w*/,
  /\bshould i (be )?(worried|concerned|see a doctor|go to (a&e|the doctor|my gp))\b/,
  /\b(do|does|will|would) (i|my [\w' -]{1,20}?) need (a |an |to )?(antibiotics|root canal|extraction|extracting|stitches|crown|filling|pulling|pulled|out|dissolv\w*|hyaluronidase|see a doctor|go to hospital|biopsy)\b/,
];

const MEDICATION: readonly RegExp[] = [
  new RegExp(`\\b(can|should|could|may|do|shall) i (still )?(take|have|use|put|apply|stop|start|keep taking|continue|drink|be on|come off)\\b.{0,40}\\b${DRUGS}\\b`),
  new RegExp(`\\b(is it|is)\\b.{0,15}\\b(ok|okay|safe|alright|fine)\\b.{0,20}\\b(take|have|use|drink)\\b.{0,25}\\b${DRUGS}\\b`),
  /\b(what|which|how much|right|correct|recommended) (dose|dosage|strength)\b/,
  /\bdos(e|age|ing)\b.{0,20}\b(should|of)\b/,
  new RegExp(`\\bhow (much|many|often)\\b.{0,15}\\b${DRUGS}\\b`),
  new RegExp(`\\b${DRUGS}\\b.{0,15}\\b(ok|okay|safe|alright|fine)\\b`),
  /\bhow many (units|ml|mls|millilitres|milliliters|syringes|vials)\b.{0,40}\b(need|should|would|will|do i|for my)\b/,
  /\bhow much (botox|filler|product)\b.{0,30}\b(need|should|would)\b/,
  new RegExp(`\\b(what|which) (sort of |kind of |type of )?${DRUGS}\\b.{0,30}\\b(should|can|could|do|would|to)\\b`),
  /\bwhat (should|can|could|do) i (put|use|take|apply|rub)\b.{0,20}\b(on|for|to)\b/,
  /\bshould i (stop|start|keep|continue|come off|pause)\b/,
];

const SUITABILITY_ASK =
  /\b(is it (ok|okay|safe|alright|fine)|can i (still )?(have|get|do|book)|is .{0,25}\bsafe\b|am i (ok|able|suitable|allowed|a candidate)|suitable|will it be (ok|okay|safe)|is that (ok|okay|a problem)|would that be (ok|okay|a problem)|problem for)\b/;
const PERSONAL_CONDITION = new RegExp(
  `\\b(my|with|given|despite|i'?m|i am|im|i have|i've got|ive got|i've|i suffer from|i take|i'?m taking|i am taking|i'?m on|i was on|i'?ve been on|i use|i had)\\b.{0,30}\\b(${DRUGS}|${CONDITIONS})\\b`,
);

const SYMPTOM_INTERPRETATION = new RegExp(
  `\\b${SYMPTOMS}\\b.{0,80}\\b(is (that|this|it) (ok|okay|alright|fine|bad|right|expected)|(supposed|meant) to (be|look|feel|last|happen)|should i (worry|be worried)|what does (that|this|it) mean|is that a (bad )?sign|how long (will|should) (it|this|that) last)\\b`,
);

export function isMedicalAdviceRequest(text: string): boolean {
  const t = normalizeText(text);
  if (matchesAny(t, DIAGNOSIS) || matchesAny(t, MEDICATION)) return true;
  if (PERSONAL_CONDITION.test(t) && SUITABILITY_ASK.test(t)) return true;
  return SYMPTOM_INTERPRETATION.test(t);
}
