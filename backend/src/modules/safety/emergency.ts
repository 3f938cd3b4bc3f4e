import { normalizeText, splitClauses, splitSentences } from './safety-text';

/**
 * Red-flag detection for every channel. Deliberately a lexicon of symptom patterns × context
 * (negation, resolved/past mentions, hypotheticals, figures of speech) rather than a model: it must
 * run inside a voice turn with no IO, be auditable by clinicians, and fail towards "emergency".
 */
export type EmergencyKind =
  | 'breathing'
  | 'anaphylaxis'
  | 'chest_pain'
  | 'heavy_bleeding'
  | 'collapse'
  | 'vascular_occlusion'
  | 'vision_change'
  | 'facial_swelling'
  | 'stroke'
  | 'self_harm'
  | 'overdose';

export interface EmergencyResult {
  isEmergency: boolean;
  kind?: EmergencyKind;
  matched?: string;
}

interface SymptomRule {
  kind: EmergencyKind;
  patterns: readonly RegExp[];
  /** Must also appear somewhere in the message (e.g. an injection for a colour change). */
  requiresContext?: RegExp;
  /** Past/resolved and hypothetical mentions still count (crisis wording is never wrong). */
  isAlwaysCurrent?: boolean;
}

const INJECTION = /\b(fillers?|inject\w*|botox|anti-?wrinkle|jabs?|tear ?troughs?|profhilo|skin ?boosters?|needles?|treatment|procedure)\b/;
const COLOUR = '(white|whiter|pale|paler|blanch\\w*|grey|gray|greyish|blue|bluish|blueish|purple|purplish|dusky|mottled|blotchy|black|dark)';
const SWELL = '(swell\\w*|swollen|puff\\w*|blow\\w* up|balloon\\w*)';
const DIFFICULTY = "(can ?not|can'?t|cant|cnat|cnt|carn'?t|couldn'?t|could not|unable to|struggling to|struggle to|hard to|difficult to|difficulty|trouble|problems?|hardly|barely|painful to)";

const RULES: readonly SymptomRule[] = [
  {
    kind: 'self_harm',
    isAlwaysCurrent: true,
    patterns: [
      /\bkill(ing)? (my ?self|meself)\b(?! laughing)/,
      /\bend (it all|my life|things)\b/,
      /\b(don'?t|dont|do not|no longer) want to (be alive|live|be here|exist|go on)\b/,
      /\bwant to die\b/,
      /\bwish i (was|were) dead\b/,
      /\bbetter off dead\b/,
      /\bsuicid\w*/,
      /\bself[- ]?harm\w*/,
      /\b(hurt|harm|cut)(ing)? (my ?self|meself)\b/,
      /\bno (point|reason) (in )?(living|to live|going on|being alive)\b/,
      /\btake my (own )?life\b/,
      /\b(feel like|thinking (about|of)|want to|going to|gonna) end(ing)? it\b/,
      /\b(better off|be better) without me\b/,
      /\b(take|taking|swallow|swallowing) all (my|of my|the|of the) (pills|tablets|meds|medication)\b/,
    ],
  },
  {
    kind: 'overdose',
    patterns: [
      /\boverdos\w*/,
      /\b(took|taken|take|swallowed|had)\b.{0,30}\b(too many|too much|whole (packet|box|bottle|pack)|all (my|the|of my) (pills|tablets|meds|medication))\b.{0,30}\b(pills|tablets|painkillers|paracetamol|ibuprofen|meds|medication|co-?codamol|codeine|packet|bottle|box)\b/,
    ],
  },
  {
    kind: 'anaphylaxis',
    patterns: [
      /\banaphyla\w*/,
      /\bepi-?pen\b/,
      new RegExp(`\\b(throat|tongue|airway)\\b(?: \\S+){0,3} (closing|clos\\w*|tight\\w*|${SWELL})`),
      new RegExp(`\\b${SWELL} (up )?(of )?(my |his |her |their |the )?(throat|tongue)\\b`),
    ],
  },
  {
    kind: 'anaphylaxis',
    requiresContext: /\b(fast|quick\w*|rapid\w*|sudden\w*|wheez\w*|allerg\w*|anaphyla\w*|breath|breathe|breathing|hives)\b/,
    patterns: [
      new RegExp(`\\b(lip|lips|face|mouth|eyelids?)\\b(?: \\S+){0,4} ${SWELL}`),
      new RegExp(`\\b${SWELL}(?: \\S+){0,3} (lip|lips|face|mouth)\\b`),
    ],
  },
  {
    kind: 'breathing',
    patterns: [
      new RegExp(`\\b${DIFFICULTY}(?: \\S+)? (breath|breathe|breathing)\\b`),
      /\bbreathing (is |feels )?(really |very )?(difficult|hard|laboured|labored|shallow|problems?|trouble|difficulty)\b/,
      /\bshort(ness)? of breath\b/,
      /\bbreathless\w*/,
      /\bgasping\b/,
      /\bwheez\w*/,
      /\bcan'?t get (my |a )?breath\b/,
    ],
  },
  {
    kind: 'chest_pain',
    patterns: [
      /\bchest\b(?: \S+){0,3} (pain|pains|hurts?|hurting|tight|tightness|pressure|crushing|agony|ache|aching)\b(?! (patients?|clinics?|wards?|units?|leaflets?))/,
      /\b(pain|pains|tightness|pressure|crushing|squeezing|ache)\b(?: \S+){0,3} (in|across|on) (my|his|her|their|the) chest\b/,
      /\bheart attack\b/,
    ],
  },
  {
    kind: 'heavy_bleeding',
    patterns: [
      /\b(bleed\w*|blood)\b.{0,40}\b(won'?t|will not|doesn'?t|does not|can'?t|cannot|isn'?t|is not|not|hasn'?t|has not|never|wont|cant) (stop|stopp\w*)\b/,
      /\b(won'?t|wont|can'?t|cant|cannot|doesn'?t|not|hasn'?t|haven'?t) stop(ped|ping)? (the )?bleed\w*/,
      /\b(heavy|heavily|lots of|loads of|a lot of|pouring|gushing|profuse\w*|so much)\b(?: \S+){0,2} (bleed\w*|blood)\b/,
      /\bbleed\w* (really |very |so )?(heavily|a lot|loads|lots|heaps|tons|profusely|badly|everywhere|non ?-?stop|constantly|like crazy)\b/,
      /\bblood everywhere\b/,
      /\b(pouring|gushing|spurting) (with |out )?blood\b/,
    ],
  },
  {
    kind: 'collapse',
    patterns: [
      /\bcollaps(e|ed|es|ing)\b/,
      /\b(fainted|fainting|faints|passed out|passing out|blacked out|blacking out|unconscious|unresponsive)\b/,
      /\b(not|isn'?t|stopped|has stopped) breathing\b/,
      /\b(going to|gonna|about to|think i'?ll|think i'?m going to) (pass out|faint|collapse|black out)\b/,
      /\bfeel(ing)? (really |very |so )?faint\b/,
      /\b(isn'?t|is not|not|won'?t|can'?t) (waking|wake) (up|him|her)\b/,
      /\bseizures?\b|\bconvuls\w*/,
      /\b(he|she|they|i|someone|son|daughter|husband|wife|mum|mom|dad|child)('s| is| are|'re|'m| am) (having a fit|fitting)\b/,
      /\bhaving a fit\b/,
    ],
  },
  {
    kind: 'vascular_occlusion',
    requiresContext: INJECTION,
    patterns: [
      new RegExp(`\\b(gone|going|goes|turned|turning|turns|turn|went|look|looks|looking|become|becoming|became|is|are|seems?|got|getting)\\b(?: \\S+){0,3} ${COLOUR}\\b`),
      /\b(mottled|mottling|dusky|blanch\w*|livedo)\b/,
      /\b(severe|excruciating|agonising|agonizing|unbearable|intense|extreme|horrendous|horrible|terrible|really bad|so much)\b(?: \S+){0,2} (pain|ache|throbbing|hurting)\b/,
      /\b(pain|hurt\w*|throbbing|aching|sore\w*)\b(?:(?!\b(?:not|isn'?t|no|never|wasn'?t)\b).){0,45}\b(getting worse|worse and worse|worsening|increasing|unbearable|excruciating|severe)\b/,
      /\bin (agony|so much pain|severe pain)\b/,
    ],
  },
  {
    kind: 'vision_change',
    patterns: [
      /\b(blurr?y|blurred|blurring|double|lost|losing|loss of|reduced|dark|patchy) (my )?(vision|sight|eyesight)\b/,
      /\b(vision|sight|eyesight)('s)?(?: \S+){0,3} (blurr?y|blurred|blurring|dark|black|funny|weird|strange|double|gone|went|lost|changed|change|fuzzy|cloudy)\b/,
      /\b(can'?t|cannot|cant|unable to) see (properly|clearly|anything|out of|with|in)\b/,
      /\beverything('?s| is| has)? (gone|going|went|looks|is) (blurr?y|fuzzy|dark|double)\b/,
      /\b(gone|going) blind\b/,
    ],
  },
  {
    kind: 'stroke',
    patterns: [
      /\b(having|had|is having|'s having|think .{0,25}) a stroke\b/,
      /\bslurr\w* (speech|words|her words|his words|my words)\b|\bspeech (is |sounds )?slurr\w*/,
      /\bone side of (my|his|her|their) (face|body)\b.{0,25}\b(dropped|drooping|droopy|numb|weak|fallen|gone)\b/,
      /\b(face|mouth) (has |is )?(dropped|drooping|fallen) (on )?one side\b/,
    ],
  },
  {
    kind: 'facial_swelling',
    patterns: [
      new RegExp(`\\b${SWELL}\\b.{0,40}\\b(neck|throat)\\b`),
      new RegExp(`\\b(neck|throat)\\b(?: \\S+){0,4} ${SWELL}`),
      new RegExp(`\\b${DIFFICULTY}(?: \\S+)? swallow\\w*`),
    ],
  },
  {
    kind: 'facial_swelling',
    requiresContext: /\b(spread\w*|tooth|teeth|toothache|abscess\w*|gum|gums|jaw|dental|wisdom)\b/,
    patterns: [new RegExp(`\\b${SWELL}\\b.{0,40}\\beyes?\\b`), new RegExp(`\\beyes?\\b(?: \\S+){0,4} ${SWELL}`)],
  },
];

/** Idioms that borrow symptom words; removed before matching so they can never fire a rule. */
const FIGURES_OF_SPEECH: readonly RegExp[] = [
  /\bdying (to|for)\b/g,
  /\bto die for\b/g,
  /\b(is|are|was|were|'s|'re) killing me\b/g,
  /\bkill for\b/g,
  /\bbreath-?taking\w*/g,
  /\b(took|take|takes|taking) (my|your|our) breath away\b/g,
  /\bheart (skipped|skips|skip) a beat\b/g,
  /\b(nearly|almost|practically|near|about to|gonna|going to) (have |had |give me |gave me )?(a )?heart attack\b/g,
  /\b(gave|give|giving) me a heart attack\b/g,
  /\bbleed(ing)? (me|us|you) dry\b/g,
  /\b(bank balance|wallet|bank account|purse)\b(?: \S+){0,2} bleeding\b/g,
  /\bkilling (my ?self|meself) laughing\b/g,
];

const NEGATION = /\b(no|not|never|without|nor|none|neither|denies|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|dont|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|zero)\b/;
const NEGATION_WINDOW_WORDS = 5;

const RESOLVED =
  /\b((it'?s|its|it is|all|everything'?s|they'?re|now) (all )?(fine|ok|okay|good|better|settled|resolved|normal|back to normal)( now)?|(i'?m|i am) (all )?(fine|ok|okay|good|better|back to normal) now|(it'?s|its|it is|all|everything'?s|they'?re) gone(?= *($|[.,!;]| now| away| completely))|(fine|ok|okay|better|gone) now|(has|have|'s|'ve|had) (all |completely )?(gone|settled|cleared|resolved|disappeared|healed|stopped|gone down|gone away|cleared up)(?= *($|[.,!;]| now| away| completely| since))|went away|(gone|went) down(?= *($|[.,!;]| now| a lot| loads))|cleared up|settled down|years? ago|used to|in the past|back then|when i was (a )?(kid|child|young))\b/;
const STILL_CURRENT = /\b(still|again|getting worse|worse now|now worse|come back|came back|back again|right now)\b/;
const HYPOTHETICAL =
  /\b(what (happens|should i do|do i do|would happen|do you do|to do) if|what if|in case|how (do|would|will) i know if|signs of|symptoms of|risks? of|chances? of)\b/;

/** "My chest is killing me" is a symptom, not an idiom: keep the body part, say the pain plainly. */
const BODY_PART_KILLING_ME = /\b(chest|head|tooth|teeth|jaw|lips?|face|eyes?|stomach|neck|throat|gums?|cheeks?|nose|chin|forehead)( pain)? (is|are) killing me\b/g;

/** A symptom named as a condition or a patient group is background, not something happening now. */
const CHRONIC_OR_GENERAL = /\b(history of|patients with|people with|anyone with|clients with|disorder|diagnosed with)\b/;

function stripFiguresOfSpeech(text: string): string {
  const literal = text.replace(BODY_PART_KILLING_ME, '$1 pain is severe');
  return FIGURES_OF_SPEECH.reduce((acc, figure) => acc.replace(figure, ' _ '), literal);
}

function isNegated(clause: string, matchIndex: number): boolean {
  const before = clause.slice(0, matchIndex).trim().split(' ');
  return NEGATION.test(before.slice(-NEGATION_WINDOW_WORDS).join(' '));
}

function isResolved(sentence: string): boolean {
  return RESOLVED.test(sentence) && !STILL_CURRENT.test(sentence);
}

function findRuleMatch(rule: SymptomRule, clause: string): string | undefined {
  for (const pattern of rule.patterns) {
    const match = pattern.exec(clause);
    if (match && !isNegated(clause, match.index)) return match[0];
  }
  return undefined;
}

export function detectEmergency(text: string): EmergencyResult {
  const message = stripFiguresOfSpeech(normalizeText(text));
  for (const rule of RULES) {
    if (rule.requiresContext && !rule.requiresContext.test(message)) continue;
    for (const sentence of splitSentences(message)) {
      if (!rule.isAlwaysCurrent && (isResolved(sentence) || HYPOTHETICAL.test(sentence))) continue;
      for (const clause of splitClauses(sentence)) {
        if (!rule.isAlwaysCurrent && CHRONIC_OR_GENERAL.test(clause)) continue;
        const matched = findRuleMatch(rule, clause);
        if (matched !== undefined) return { isEmergency: true, kind: rule.kind, matched };
      }
    }
  }
  return { isEmergency: false };
}

const EMERGENCY_NUMBERS: Readonly<Record<string, string>> = {
  GB: '999',
  UK: '999',
  IE: '999',
  US: '911',
  CA: '911',
  AU: '000',
  NZ: '111',
};

/** 112 is the EU number and is routed by most GSM networks elsewhere, so it is the safe default. */
export function emergencyNumberFor(countryCode: string): string {
  const code = countryCode.trim().toUpperCase();
  return EMERGENCY_NUMBERS[code] ?? '112';
}
