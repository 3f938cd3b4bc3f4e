/**
 * Reads what a patient asks to book out of free text: which service, which day, which part of
 * the day. Pure; the clinic's services and time zone come in as arguments.
 */
import { dateTimeFormat } from '../../platform/intl';

export type PartOfDay = 'morning' | 'afternoon' | 'evening';
export type ServiceOption = { id: string; name: string };
export type BookingRequest = {
  serviceId?: string;
  /** Local calendar day (YYYY-MM-DD) in the clinic's time zone. */
  day?: string;
  partOfDay?: PartOfDay;
};

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_ABBREVIATIONS: Record<string, number> = { mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 7 };
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

// Everyday names of treatments, mapped to words that occur in service names.
const SERVICE_ALIASES: [RegExp, string][] = [
  [/\b(botox|anti[- ]?wrinkle|wrinkle)\b/, 'anti-wrinkle'],
  [/\blips?\b/, 'lip'],
  [/\bcheeks?\b/, 'cheek'],
  [/\b(tear[- ]?trough|under[- ]?eye)\b/, 'tear-trough'],
  [/\bhydra ?facial\b/, 'hydrafacial'],
  [/\b(peel)\b/, 'peel'],
  [/\bmicro[- ]?needl/, 'microneedling'],
  [/\blaser\b/, 'laser'],
  [/\bprofhilo|skin booster\b/, 'profhilo'],
  [/\bconsult(ation)?\b/, 'consultation'],
  [/\bcheck[- ]?up\b/, 'check-up'],
  [/\b(hygien|clean|scale and polish)/, 'hygienist'],
  [/\bfilling\b/, 'filling'],
  [/\broot canal\b/, 'root canal'],
  [/\bcrown\b/, 'crown'],
  [/\bwhiten/, 'whitening'],
  [/\binvisalign|aligners?|braces\b/, 'invisalign'],
  [/\bemergency\b/, 'emergency'],
];

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'");
}

/** The services whose names best match the text (most shared words, aliases included), tied first places all. */
export function matchServices<Option extends ServiceOption>(text: string, services: readonly Option[]): Option[] {
  const lowered = normalise(text);
  const hints = SERVICE_ALIASES.filter(([pattern]) => pattern.test(lowered)).map(([, hint]) => hint);
  const words = new Set(lowered.split(/[^a-z0-9-]+/).filter((word) => word.length > 2));
  let best: { services: Option[]; score: number } | undefined;
  for (const service of services) {
    const name = normalise(service.name);
    let score = 0;
    for (const hint of hints) if (name.includes(hint)) score += 3;
    for (const word of name.split(/[^a-z0-9-]+/)) if (word.length > 2 && words.has(word)) score += 1;
    // "2 areas" picks the two-area price band when the service names carry counts.
    const areas = /\b(\d|one|two|three)\s+areas?\b/.exec(lowered)?.[1];
    if (areas && name.includes(`(${{ one: '1', two: '2', three: '3' }[areas] ?? areas} area`)) score += 2;
    if (score <= 0) continue;
    if (!best || score > best.score) best = { services: [service], score };
    else if (score === best.score) best.services.push(service);
  }
  return best?.services ?? [];
}

/** The service whose name best matches the text; the first listed of a tie. */
export function matchService<Option extends ServiceOption>(text: string, services: readonly Option[]): Option | undefined {
  return matchServices(text, services)[0];
}

function localDateParts(date: Date, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const parts = dateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(date);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const weekday = WEEKDAY_ABBREVIATIONS[value('weekday').toLowerCase()] ?? 1;
  return { year: Number(value('year')), month: Number(value('month')), day: Number(value('day')), weekday };
}

function isoDay(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The local day a phrase like "tomorrow", "next Tuesday" or "18 November" means. */
export function parseDay(text: string, now: Date, timeZone: string): string | undefined {
  const lowered = normalise(text);
  const today = localDateParts(now, timeZone);
  const todayIso = isoDay(today.year, today.month, today.day);
  if (/\btoday\b/.test(lowered)) return todayIso;
  if (/\btomorrow\b/.test(lowered)) return addDays(todayIso, 1);
  const dated = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)/.exec(lowered);
  const monthIndex = dated ? MONTHS.findIndex((month) => dated[2]!.length >= 3 && month.startsWith(dated[2]!)) : -1;
  if (dated && monthIndex >= 0) {
    let year = today.year;
    const candidate = isoDay(year, monthIndex + 1, Number(dated[1]));
    if (candidate < todayIso) year += 1;
    return isoDay(year, monthIndex + 1, Number(dated[1]));
  }
  for (const [index, name] of WEEKDAYS.entries()) {
    const match = new RegExp(`\\b(next\\s+)?${name.slice(0, 3)}(${name.slice(3)})?\\b`).exec(lowered);
    if (!match) continue;
    const target = index + 1;
    let offset = (target - today.weekday + 7) % 7;
    if (offset === 0) offset = 7; // "Tuesday" said on a Tuesday means next week's
    return addDays(todayIso, offset);
  }
  return undefined;
}

export function parsePartOfDay(text: string): PartOfDay | undefined {
  const lowered = normalise(text);
  if (/\b(morning|am|before noon|before lunch)\b/.test(lowered)) return 'morning';
  if (/\b(afternoon|after lunch|pm)\b/.test(lowered)) return 'afternoon';
  if (/\b(evening|after work|late)\b/.test(lowered)) return 'evening';
  return undefined;
}

export function parseBookingRequest(text: string, options: { services: ServiceOption[]; now: Date; timeZone: string }): BookingRequest {
  return {
    serviceId: matchService(text, options.services)?.id,
    day: parseDay(text, options.now, options.timeZone),
    partOfDay: parsePartOfDay(text),
  };
}

/** Which of the offered options ("1", "the second", "14:30", "the 2pm one") a reply picks. */
export function pickOffer(text: string, offers: { label: string; time: string }[]): number | undefined {
  const lowered = normalise(text);
  // Later ordinals first: "the second one" must not read as "one".
  const ordinals: [RegExp, number][] = [
    [/\b(third|3rd|option 3|number 3|number three)\b|^\W*3\W*$/, 2],
    [/\b(second|2nd|option 2|number 2|number two)\b|^\W*2\W*$/, 1],
    [/\b(first|1st|option 1|number 1|number one|earliest)\b|^\W*1\W*$/, 0],
    [/\b(last|latest)\b/, offers.length - 1],
  ];
  const time = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b/.exec(lowered);
  if (time) {
    let hour = Number(time[1]);
    if (time[3] === 'pm' && hour < 12) hour += 12;
    if (!time[3] && hour >= 1 && hour <= 7) hour += 12; // "at 2" in a clinic means 14:00
    const wanted = `${String(hour).padStart(2, '0')}:${time[2] ?? '00'}`;
    const index = offers.findIndex((offer) => offer.time === wanted);
    if (index >= 0) return index;
  }
  for (const [pattern, index] of ordinals) if (pattern.test(lowered) && index < offers.length) return index;
  if (/\b(yes|yeah|yep|ok|okay|sure|perfect|great|that works|sounds good)\b/.test(lowered) && offers.length === 1) return 0;
  return undefined;
}

/** A name the patient gave ("my name is Olivia Grant", "it's Sam here", "this is Priya"). */
export function parsePatientName(text: string): string | undefined {
  const match = /\b(?:[Mm]y name is|[Mm]y name's|I am|I'm|[Tt]his is|[Ii]t's)\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)(?=\s+(?:here|and|calling)\b|\s*[,.!?]|\s*$)/.exec(text);
  const name = match?.[1];
  if (!name || /^(Not|Just|Here|Fine|Good|Sorry|Looking|Calling|Interested)$/.test(name.split(' ')[0]!)) return undefined;
  return name;
}
