/**
 * Words as both sides of knowledge search see them: the local embedder builds its features from
 * these helpers, and the keyword side widens a caller's question with `expandQueryTerms`.
 * Everything is pure and deterministic; the vocabulary is general clinic front-desk language
 * (aesthetics, dental, opening hours, money, travel), never tuned to one document.
 */

/** Domain concepts and the words and phrases callers use for them (matched after stemming). */
const CONCEPT_LEXICON: Readonly<Record<string, string>> = {
  price: 'price, cost, how much, fee, charge, expensive, cheap, afford, quote, tariff, the damage, quid, pound, pricing, rate',
  payment: 'pay, payment, card, cash, contactless, apple pay, google pay, debit, credit card, visa, mastercard, amex, cheque, bank transfer, paypal',
  finance: 'finance, instalment, installment, klarna, tabeo, clearpay, afterpay, spread the cost, buy now pay later, pay later, pay monthly, monthly payment, payment plan, split the cost, cant afford, all at once, pay over time',
  deposit: 'deposit, upfront, up front, booking fee, secure my booking',
  booking: 'book, booking, appointment, reserve, schedule, slot, availability',
  cancel: 'cancel, cancellation, reschedule, rearrange, move my appointment, no show, turn up, miss, late, notice',
  hours: 'open, opening, opening hour, opening times, close, closed, closing, shut, what time, when, timetable',
  weekend: 'weekend, saturday, sunday',
  weekday: 'weekday, monday, tuesday, wednesday, thursday, friday',
  holiday: 'bank holiday, public holiday, christmas, easter',
  location: 'address, location, located, where, find you, directions, postcode, based, situated, get there, getting here, map',
  transport: 'tube, underground, station, train, rail, metro, metrolink, tram, bus, overground, public transport, stop',
  parking: 'parking, park, car park, car, drive, driving, parking space, ncp, q park',
  access: 'wheelchair, accessible, accessibility, access, step free, disabled, disability, ramp, lift, mobility, buggy, pushchair, pram, stairs',
  team: 'team, staff, practitioner, doctor, nurse, dentist, hygienist, aesthetician, therapist, clinician, specialist, who',
  lead: 'director, medical director, owner, run, in charge, head, lead, principal, founder',
  consultation: 'consultation, consult, chat, first appointment, assessment',
  free: 'free, £0, no charge, complimentary, no cost',
  age: 'age, old, 18, over 18, under 18, adult, teenager, minor, year old, age limit, id, identification, passport',
  pregnancy: 'pregnant, pregnancy, expecting, breastfeeding, breast feeding, nursing, trying for a baby',
  child: 'child, kid, son, daughter, toddler, baby, boy, girl',
  wrinkle: 'botox, anti wrinkle, wrinkle, tox, frown line, forehead line, crow feet, baby botox, wrinkle relaxing',
  injectable: 'injection, injectable, jab, needle',
  filler: 'filler, dermal filler, lip filler, cheek filler, tear trough, under eye, volume',
  lips: 'lip, lip filler, lip augmentation, lip enhancement, lips done',
  skin: 'skin, facial, hydrafacial, hydra facial, peel, chemical peel, microneedling, skin booster, profhilo, complexion',
  laser: 'laser, lazer, hair removal, laser hair removal, ipl, unwanted hair, waxing',
  patch: 'patch test, skin test, test patch, sensitivity test, allergy test',
  aftercare: 'aftercare, after care, after treatment, afterward, recovery, downtime, avoid, what not to do',
  exercise: 'exercise, gym, workout, work out, running, sport, training',
  lying: 'lie down, lying, lie flat, lying flat, sleep, bed',
  duration: 'last, how long, wear off, result, duration, long',
  course: 'session, course, how many',
  voucher: 'voucher, gift, gift card, gift voucher, present, gift certificate, birthday',
  language: 'language, speak, spanish, hindi, english, french, translator, interpreter',
  contact: 'phone, call, ring, number, telephone, contact, text, whatsapp, email',
  emergency: 'emergency, urgent, a&e, 999, 111, out of hours, after hours, complication, go wrong, went wrong, gone wrong, problem, help, vision, blurry, blurred, blind, blanching, turning white, turning blue, necrosis, infection',
  pain: 'pain, hurt, sore, ache, toothache, painful, agony, throbbing',
  swelling: 'swelling, swollen, swell, puffy, lump',
  night: 'night, evening, overnight, tonight, out of hours, after hours',
  today: 'today, same day, now, asap, tonight, straight away',
  teeth: 'tooth, teeth, dental, dentistry',
  knocked: 'knocked out, knock out, fell out, fall out, came out, come out, knocked, lost tooth',
  whitening: 'whitening, whiten, bleach, bleaching, whiter',
  checkup: 'check up, checkup, exam, examination, dental exam',
  hygiene: 'hygienist, hygiene, clean, cleaning, scale and polish, scale, polish',
  braces: 'invisalign, clear aligner, aligner, brace, straighten, straight teeth, orthodontic, orthodontist, crooked, wonky, overcrowded',
  nhs: 'nhs, national health service, private, privately',
  membership: 'membership, member, plan, monthly plan, subscription, dental plan, join, scheme',
  restorative: 'filling, root canal, crown, bridge, implant, extraction',
};

/** Text-message spellings and abbreviations, mapped to the words documents use. */
const SLANG: ReadonlyMap<string, string> = toMap({
  u: 'you', ya: 'you', yu: 'you', ur: 'your', yr: 'your', r: 'are', hw: 'how', hows: 'how', wat: 'what', wot: 'what',
  wht: 'what', whats: 'what', wen: 'when', whens: 'when', wher: 'where', whr: 'where', wheres: 'where', whos: 'who',
  ther: 'there', theres: 'there', thr: 'there', pls: 'please', plz: 'please', thx: 'thanks', appt: 'appointment',
  appts: 'appointment', b4: 'before', '2day': 'today', '2moro': 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow',
  nite: 'night', tonite: 'tonight', cn: 'can', cud: 'could', wud: 'would', abt: 'about', cos: 'because',
  coz: 'because', cuz: 'because', doc: 'doctor', dr: 'doctor', mon: 'monday', tue: 'tuesday', tues: 'tuesday',
  wed: 'wednesday', weds: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday',
  sat: 'saturday', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8',
  nine: '9', ten: '10', eleven: '11', twelve: '12', eighteen: '18',
});

/** A Map, so that words such as `constructor` never hit Object.prototype. */
function toMap(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries));
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an the i me my mine we us our you your yours he him his she her it its they them their this that these those ' +
    'is are am was were be been being do does did done doing have has had having can could would should will shall may ' +
    'might must to of in on at for with from by about into onto as and or but if so than then too very just also ' +
    'there here what which who whom whose how when where why any some all each every much many more most other ' +
    'get got getting go going want wanna gonna need please thanks thank hi hello hey ok okay yes no not dont cant ' +
    'wont im ive youre isnt doesnt didnt really still ever even like tell know let only s t d ll re ve m').split(' '),
);

const TOKEN_PATTERN =
  /£\s?\d[\d,]*(?:\.\d+)?|(?<=\b(?:at|by|till|until|from|before|after|around)\s)\d{1,2}\.\d{2}(?!\d)|\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm)(?![\p{L}\p{N}])|\d{1,2}:\d{2}(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const PLAIN_WORD = /^[a-z]+$/;
const UNIT_SUFFIXES = new Set(['ml', 'mg', 'min', 'mins', 'hr', 'hrs', 'h', 'k', 'st', 'nd', 'rd', 'th', 'yr', 'yrs', 'x', 'cm', 'mm']);
const COUNTED_NOUNS = /^(?:area|hour|hr|min|minute|day|week|month|year|yr|session|ml|syringe|time|tooth|teeth|visit|appointment|people|kid|child)/;

/**
 * Lower-cased words, numbers, `£` amounts (`£280`, `£16.50`) and times as 24-hour `hh:mm`
 * (`9am`, `9:00` and `09:00` are all `09:00`; `5.30` only after "at", "by", "until"…, since it
 * is otherwise a price or a decimal). Diacritics are dropped, possessive `'s` is removed and
 * other apostrophes are closed up (`don't` → `dont`).
 */
export function tokenize(text: string): string[] {
  // Decomposing is the slowest step, and only accented or full-width letters need it.
  const folded = /[\u00C0-\u024F\u1E00-\u1EFF\uFF00-\uFFEF]/.test(text) ? text.normalize('NFKD').replace(/\p{M}+/gu, '') : text;
  const normalized = folded.toLowerCase().replace(/[’‘`´]/g, "'");
  const tokens: string[] = [];
  for (const match of normalized.matchAll(TOKEN_PATTERN)) {
    const raw = match[0];
    if (PLAIN_WORD.test(raw)) {
      tokens.push(raw);
      continue;
    }
    if (raw.startsWith('£')) {
      tokens.push(raw.replace(/[\s,]/g, ''));
      continue;
    }
    const time = /^(\d{1,2})(?:[:.](\d{2}))?\s?(am|pm)?$/.exec(raw);
    if (time && (time[2] !== undefined || time[3] !== undefined)) {
      const hour = Number(time[1]) % (time[3] ? 12 : 24) + (time[3] === 'pm' ? 12 : 0);
      const minute = Number(time[2] ?? '0');
      if (hour < 24 && minute < 60 && Number(time[1]) <= (time[3] ? 12 : 24)) {
        tokens.push(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
      } else {
        tokens.push(...raw.split(/[:.\s]/).filter(Boolean));
      }
      continue;
    }
    const word = raw.replace(/'s$/, '').replace(/'/g, '');
    const numberWithUnit = /^(\d+)([a-z]+)$/.exec(word);
    if (numberWithUnit && UNIT_SUFFIXES.has(numberWithUnit[2]!)) tokens.push(numberWithUnit[1]!, numberWithUnit[2]!);
    else if (word) tokens.push(word);
  }
  return tokens;
}

/** Replaces text-speak with standard words; `4`/`2` read as "for"/"to" unless they count something. */
export function normalizeSlang(tokens: readonly string[]): string[] {
  return tokens.flatMap((token, index) => {
    const next = tokens[index + 1] ?? '';
    if (token === '4' && next !== '' && !COUNTED_NOUNS.test(next) && !/^\d/.test(next)) return ['for'];
    if (token === '2' && (next === '' || STOP_WORDS.has(next))) return ['to'];
    const replacement = SLANG.get(token);
    return replacement ? replacement.split(' ') : [token];
  });
}

const IRREGULAR_STEMS: ReadonlyMap<string, string> = toMap({
  teeth: 'tooth', children: 'child', kids: 'kid', people: 'person', women: 'woman', men: 'man', feet: 'foot',
  lying: 'lie', lain: 'lie', went: 'go', gone: 'go', fell: 'fall', knocked: 'knock', swollen: 'swell',
});

/**
 * A deliberately small suffix stripper (plurals, -ing, -ed, -ation, final -e): enough to join
 * "cancel / cancelled / cancellation" and "price / prices / pricing" without Porter's
 * over-stemming. Numbers, amounts and times pass through unchanged.
 */
export function stem(word: string): string {
  const irregular = IRREGULAR_STEMS.get(word);
  if (irregular) return irregular;
  if (word.length <= 3 || /[^a-z]/.test(word)) return word;
  let result = word;
  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (result.endsWith('sses')) result = result.slice(0, -2);
  else if (/(?:ch|sh|x|z)es$/.test(result)) result = result.slice(0, -2);
  else if (result.endsWith('s') && !/(?:ss|us|is)$/.test(result)) result = result.slice(0, -1);
  const suffix = /(?:ation|ing|ed)$/.exec(result)?.[0];
  if (suffix) {
    const base = result.slice(0, -suffix.length);
    if (base.length >= 3 && /[aeiouy]/.test(base) && !(suffix === 'ed' && base.endsWith('e'))) result = base;
  }
  if (/([b-df-hj-np-rtv-z])\1$/.test(result) && result.length >= 4) result = result.slice(0, -1);
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  return result;
}

/** "im 17", "i am 16", "she is 15", "aged 14": a small number after these words is an age. */
const AGE_STATEMENT_LEAD = new Set(['im', 'am', 'is', 'aged', 'age', 'turning']);

type PhraseEntry = { stems: string[]; concept: string };
const SINGLE_WORD_CONCEPTS = new Map<string, string[]>();
const PHRASES_BY_FIRST_STEM = new Map<string, PhraseEntry[]>();
const CONCEPT_WORDS = new Map<string, string[]>();

for (const [concept, entries] of Object.entries(CONCEPT_LEXICON)) {
  const words = new Set<string>();
  for (const entry of entries.split(',')) {
    const entryTokens = normalizeSlang(tokenize(entry));
    const stems = entryTokens.map(stem);
    for (const token of entryTokens) if (!STOP_WORDS.has(token) && /^[a-z0-9]+$/.test(token)) words.add(token);
    if (stems.length === 1) {
      const list = SINGLE_WORD_CONCEPTS.get(stems[0]!) ?? [];
      if (!list.includes(concept)) SINGLE_WORD_CONCEPTS.set(stems[0]!, [...list, concept]);
    } else if (stems.length > 1) {
      const list = PHRASES_BY_FIRST_STEM.get(stems[0]!) ?? [];
      PHRASES_BY_FIRST_STEM.set(stems[0]!, [...list, { stems, concept }].sort((a, b) => b.stems.length - a.stems.length));
    }
  }
  CONCEPT_WORDS.set(concept, [...words]);
}

/** A text prepared once for both the embedder and the keyword side. */
export type AnalyzedText = {
  /** Normalised tokens without stop words, in order. */
  terms: string[];
  /** Each term, or the lexicon word it is a likely misspelling of (`fillr` → `filler`). */
  correctedTerms: string[];
  /** `stem()` of each corrected term. */
  stems: string[];
  /** Concepts mentioned, once per mention (phrases win over their single words). */
  concepts: string[];
};

export function analyzeText(text: string): AnalyzedText {
  const tokens = normalizeSlang(tokenize(text));
  const corrected = tokens.map((token) => correctSpelling(token) ?? token);
  const allStems = corrected.map(stem);
  const concepts: string[] = [];
  let coveredUntil = 0;
  allStems.forEach((current, index) => {
    const token = tokens[index]!;
    if (token.startsWith('£')) concepts.push('price');
    else if (/^\d\d:\d\d$/.test(token)) concepts.push('hours');
    else if (/^\d{1,2}$/.test(token) && AGE_STATEMENT_LEAD.has(tokens[index - 1] ?? '')) concepts.push('age');
    const phrases = (PHRASES_BY_FIRST_STEM.get(current) ?? []).filter((entry) =>
      entry.stems.every((part, offset) => allStems[index + offset] === part),
    );
    for (const phrase of phrases) {
      concepts.push(phrase.concept);
      coveredUntil = Math.max(coveredUntil, index + phrase.stems.length);
    }
    const phraseConcepts = new Set(phrases.map((phrase) => phrase.concept));
    if (index < coveredUntil && phrases.length === 0) return;
    for (const concept of SINGLE_WORD_CONCEPTS.get(current) ?? []) if (!phraseConcepts.has(concept)) concepts.push(concept);
  });
  const terms: string[] = [];
  const correctedTerms: string[] = [];
  const stems: string[] = [];
  tokens.forEach((token, index) => {
    if (STOP_WORDS.has(token)) return;
    terms.push(token);
    correctedTerms.push(corrected[index]!);
    stems.push(allStems[index]!);
  });
  return { terms, correctedTerms, stems, concepts };
}

/**
 * The distinct keyword terms of a question plus the words of the concepts it mentions, each a
 * safe `[a-z0-9]+` word left unstemmed for Postgres' english configuration to stem. Amounts keep
 * their digits (`£280` → `280`), times become the lexemes Postgres makes of clinic text
 * (`5pm` → `17`, `5pm`). Misspelt domain words add their correction (`parkin` → `parking`).
 */
const MAX_EXPANSION_WORDS_PER_CONCEPT = 6;

export function expandQueryTerms(query: string): string[] {
  const analyzed = analyzeText(query);
  const terms = new Set<string>();
  analyzed.terms.forEach((term, index) => {
    if (term.startsWith('£')) {
      if (/^£\d+$/.test(term)) terms.add(term.slice(1));
    } else if (/^\d\d:\d\d$/.test(term)) {
      const hour = Number(term.slice(0, 2));
      terms.add(term.slice(0, 2));
      if (term.endsWith(':00')) terms.add(hour === 0 ? '12am' : hour < 12 ? `${hour}am` : `${hour === 12 ? 12 : hour - 12}pm`);
    } else if (/^[a-z0-9]+$/.test(term)) {
      terms.add(term);
      terms.add(analyzed.correctedTerms[index]!);
    }
  });
  // A few words per concept (the lexicon lists the central ones first): more widen the keyword
  // match to much of a large clinic's text and cost time without finding better chunks.
  const concepts = new Set(analyzed.concepts);
  for (const concept of concepts) {
    for (const word of (CONCEPT_WORDS.get(concept) ?? []).slice(0, MAX_EXPANSION_WORDS_PER_CONCEPT)) terms.add(word);
  }
  return [...terms];
}

/** Lexicon words that name a concept on their own, indexed by their one-letter deletions (SymSpell). */
const KNOWN_WORDS = new Set([...SINGLE_WORD_CONCEPTS.keys()].flatMap((key) => [...CONCEPT_WORDS.values()].flat().filter((word) => stem(word) === key)));
const KNOWN_BY_DELETION = new Map<string, string[]>();
for (const word of [...KNOWN_WORDS].filter((known) => /^[a-z]{5,}$/.test(known)).sort()) {
  for (const variant of new Set([word, ...deletionsOf(word)])) KNOWN_BY_DELETION.set(variant, [...(KNOWN_BY_DELETION.get(variant) ?? []), word]);
}

function deletionsOf(word: string): string[] {
  return Array.from(word, (_, index) => word.slice(0, index) + word.slice(index + 1));
}

const CORRECTIONS = new Map<string, string>();

/**
 * The concept word a misspelt word most likely meant (`parkin` → `parking`, `hygenist` →
 * `hygienist`), or undefined for known words, words under five letters and no close match.
 */
export function correctSpelling(word: string): string | undefined {
  if (word.length < 5 || !/^[a-z]+$/.test(word) || KNOWN_WORDS.has(word) || SINGLE_WORD_CONCEPTS.has(stem(word))) return undefined;
  const cached = CORRECTIONS.get(word);
  if (cached !== undefined) return cached || undefined;
  const correction = findNearestKnownWord(word) ?? (/[^s]s$/.test(word) ? findNearestKnownWord(word.slice(0, -1)) : undefined);
  // A memo of a pure function: documents repeat their words, and the lookup is most of the
  // embedder's time. Bounded so a long-running process cannot grow it without limit.
  if (CORRECTIONS.size >= 50_000) CORRECTIONS.clear();
  CORRECTIONS.set(word, correction ?? '');
  return correction;
}

function findNearestKnownWord(word: string): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const variant of [word, ...deletionsOf(word)]) {
    for (const known of KNOWN_BY_DELETION.get(variant) ?? []) {
      const distance = editDistance(word, known);
      if (isLikelyTypo(word, known, distance) && (best === undefined || distance < best.distance)) best = { word: known, distance };
    }
  }
  return best?.word;
}

/**
 * Dropped, doubled or swapped letters are how callers misspell; a changed letter in a short word
 * is as often another real word ("barking", "looking", "change"), so that needs eight letters,
 * and two edits need nine. Checked against a 63,000-word British dictionary: 0.3% of real words
 * still map to a concept word, mostly rare ones.
 */
function isLikelyTypo(word: string, known: string, distance: number): boolean {
  if (distance === 1 && word.length !== known.length) return word.length < known.length || word.length >= 7;
  if (distance === 1) return word.length >= 8 || isSwap(word, known);
  return distance === 2 && word.length >= 9 && known.length >= 9;
}

function isSwap(left: string, right: string): boolean {
  const differences = Array.from(left).flatMap((char, index) => (char === right[index] ? [] : [index]));
  return differences.length === 2 && differences[1] === differences[0]! + 1 && left[differences[0]!] === right[differences[1]!];
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps). */
function editDistance(left: string, right: string): number {
  const rows = Array.from({ length: left.length + 1 }, (_, i) => Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= left.length; i++) {
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[left.length]![right.length]!;
}
