import type { AgentSettings, AgentSettingsPatch, OpeningHoursEntry, VoiceProvider } from './agent-types';

/**
 * The agent settings form as plain data: what it starts from, how it is checked before saving,
 * what PATCH body it becomes, and where the backend's validation details land on it.
 */

export const WEEKDAYS = [
  { weekday: 1, label: 'Monday' },
  { weekday: 2, label: 'Tuesday' },
  { weekday: 3, label: 'Wednesday' },
  { weekday: 4, label: 'Thursday' },
  { weekday: 5, label: 'Friday' },
  { weekday: 6, label: 'Saturday' },
  { weekday: 7, label: 'Sunday' },
] as const;

export const LIMITS = { name: 40, firstMessage: 600, instructions: 4_000, voiceId: 100, language: 40, languages: 10, periodsPerDay: 3 } as const;

export type HoursPeriod = { opensAt: string; closesAt: string };

export type AgentForm = {
  name: string;
  /** Empty means the agent generates its greeting (firstMessage null). */
  firstMessage: string;
  voiceProvider: VoiceProvider;
  voiceId: string;
  instructions: string;
  safeMode: boolean;
  recordingEnabled: boolean;
  onCallNumber: string;
  emergencyLine: string;
  languages: string[];
  remindDayBefore: boolean;
  remindTwoHoursBefore: boolean;
  notifyOwnerOfBookings: boolean;
  textOnCallForEmergencies: boolean;
  /** Weekday (1 = Monday … 7 = Sunday) → its opening periods; none = closed. */
  hours: Record<number, HoursPeriod[]>;
};

/** Field keys: `name`, `voiceId`, `languages.<i>`, `hours.<weekday>.<i>.closesAt`, `hours` … */
export type FieldErrors = Record<string, string>;

export function formFromSettings(settings: AgentSettings): AgentForm {
  const hours: Record<number, HoursPeriod[]> = {};
  for (const { weekday } of WEEKDAYS) hours[weekday] = [];
  for (const entry of settings.openingHours) hours[entry.weekday]?.push({ opensAt: entry.opensAt, closesAt: entry.closesAt });
  return {
    name: settings.name,
    firstMessage: settings.firstMessage ?? '',
    voiceProvider: settings.voice.provider,
    voiceId: settings.voice.voiceId,
    instructions: settings.instructions,
    safeMode: settings.safeMode,
    recordingEnabled: settings.recordingEnabled,
    onCallNumber: settings.onCallNumber ?? '',
    emergencyLine: settings.emergencyLine ?? '',
    languages: [...settings.languages],
    remindDayBefore: settings.reminders.dayBefore,
    remindTwoHoursBefore: settings.reminders.twoHoursBefore,
    notifyOwnerOfBookings: settings.alerts.notifyOwnerOfBookings,
    textOnCallForEmergencies: settings.alerts.textOnCallForEmergencies,
    hours,
  };
}

/** Spaces, dashes, dots and brackets people type inside phone numbers. */
export function compactPhone(value: string): string {
  return value.replace(/[\s().-]/g, '');
}

/** E.164: a plus, a country code that does not start with 0, 8–15 digits in all. */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(compactPhone(value));
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const VOICE_ID = /^[A-Za-z0-9][A-Za-z0-9 ._:-]*$/;
const PHONE_HINT = 'Use international format, e.g. +447700900123.';

/** Opening periods in the order the PATCH sends them, each with the form key it came from. */
export function hoursEntries(form: Pick<AgentForm, 'hours'>): (OpeningHoursEntry & { key: string })[] {
  return WEEKDAYS.flatMap(({ weekday }) =>
    (form.hours[weekday] ?? []).map((period, index) => ({ weekday, ...period, key: `hours.${weekday}.${index}` })),
  );
}

function checkLength(errors: FieldErrors, key: string, value: string, max: number, label: string) {
  if (value.trim().length > max) errors[key] = `${label} must be at most ${max} characters.`;
}

export function validateAgentForm(form: AgentForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = 'Give the agent a name.';
  checkLength(errors, 'name', form.name, LIMITS.name, 'The name');
  checkLength(errors, 'firstMessage', form.firstMessage, LIMITS.firstMessage, 'The greeting');
  checkLength(errors, 'instructions', form.instructions, LIMITS.instructions, 'The instructions');
  const voiceId = form.voiceId.trim();
  if (voiceId === '') errors.voiceId = 'Enter the voice id from the provider.';
  else if (voiceId.length > LIMITS.voiceId || !VOICE_ID.test(voiceId)) errors.voiceId = 'Use the voice id exactly as the provider lists it (letters, digits, . _ : -).';
  for (const key of ['onCallNumber', 'emergencyLine'] as const) {
    const value = form[key].trim();
    if (value !== '' && !isE164(value)) errors[key] = `This is not a phone number in international format. ${PHONE_HINT}`;
  }
  if (form.textOnCallForEmergencies && form.onCallNumber.trim() === '') {
    errors.onCallNumber = 'Add an on-call number, or turn off texting it about emergencies.';
  }
  const languages = form.languages.map((language) => language.trim());
  if (languages.filter((language) => language !== '').length === 0) errors.languages = 'Add at least one language.';
  languages.forEach((language, index) => {
    if (language !== '' && language.length < 2) errors[`languages.${index}`] = 'Enter the language name.';
    else if (language.length > LIMITS.language) errors[`languages.${index}`] = `At most ${LIMITS.language} characters.`;
  });
  for (const { weekday } of WEEKDAYS) {
    const periods = form.hours[weekday] ?? [];
    periods.forEach((period, index) => {
      const key = `hours.${weekday}.${index}`;
      if (!TIME_OF_DAY.test(period.opensAt)) errors[`${key}.opensAt`] = 'Enter an opening time.';
      if (!TIME_OF_DAY.test(period.closesAt)) errors[`${key}.closesAt`] = 'Enter a closing time.';
      else if (TIME_OF_DAY.test(period.opensAt) && period.closesAt <= period.opensAt) errors[`${key}.closesAt`] = 'Closing must be after opening.';
    });
    const sorted = periods.map((period, index) => ({ ...period, index })).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    sorted.forEach((period, position) => {
      const previous = sorted[position - 1];
      if (previous && period.opensAt < previous.closesAt) errors[`hours.${weekday}.${period.index}.opensAt`] = 'Overlaps the period before it.';
    });
  }
  return errors;
}

function sameHours(a: OpeningHoursEntry[], b: OpeningHoursEntry[]): boolean {
  return a.length === b.length && a.every((entry, index) => {
    const other = b[index]!;
    return entry.weekday === other.weekday && entry.opensAt === other.opensAt && entry.closesAt === other.closesAt;
  });
}

function toEntries(form: AgentForm): OpeningHoursEntry[] {
  return hoursEntries(form).map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt }));
}

const nullIfBlank = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const phoneOrNull = (value: string): string | null => (value.trim() === '' ? null : compactPhone(value));
const cleanLanguages = (languages: string[]): string[] => languages.map((language) => language.trim()).filter((language) => language !== '');

/** Only what changed from `initial`: an untouched form sends nothing. */
export function buildAgentPatch(initial: AgentForm, form: AgentForm): AgentSettingsPatch {
  const patch: AgentSettingsPatch = {};
  if (form.name.trim() !== initial.name.trim()) patch.name = form.name.trim();
  if (nullIfBlank(form.firstMessage) !== nullIfBlank(initial.firstMessage)) patch.firstMessage = nullIfBlank(form.firstMessage);
  if (form.voiceProvider !== initial.voiceProvider || form.voiceId.trim() !== initial.voiceId.trim()) {
    patch.voice = { provider: form.voiceProvider, voiceId: form.voiceId.trim() };
  }
  if (form.instructions.trim() !== initial.instructions.trim()) patch.instructions = form.instructions.trim();
  if (form.safeMode !== initial.safeMode) patch.safeMode = form.safeMode;
  if (form.recordingEnabled !== initial.recordingEnabled) patch.recordingEnabled = form.recordingEnabled;
  if (phoneOrNull(form.onCallNumber) !== phoneOrNull(initial.onCallNumber)) patch.onCallNumber = phoneOrNull(form.onCallNumber);
  if (phoneOrNull(form.emergencyLine) !== phoneOrNull(initial.emergencyLine)) patch.emergencyLine = phoneOrNull(form.emergencyLine);
  const languages = cleanLanguages(form.languages);
  if (languages.join('\n') !== cleanLanguages(initial.languages).join('\n')) patch.languages = languages;
  const reminders: NonNullable<AgentSettingsPatch['reminders']> = {};
  if (form.remindDayBefore !== initial.remindDayBefore) reminders.dayBefore = form.remindDayBefore;
  if (form.remindTwoHoursBefore !== initial.remindTwoHoursBefore) reminders.twoHoursBefore = form.remindTwoHoursBefore;
  if (Object.keys(reminders).length > 0) patch.reminders = reminders;
  const alerts: NonNullable<AgentSettingsPatch['alerts']> = {};
  if (form.notifyOwnerOfBookings !== initial.notifyOwnerOfBookings) alerts.notifyOwnerOfBookings = form.notifyOwnerOfBookings;
  if (form.textOnCallForEmergencies !== initial.textOnCallForEmergencies) alerts.textOnCallForEmergencies = form.textOnCallForEmergencies;
  if (Object.keys(alerts).length > 0) patch.alerts = alerts;
  const entries = toEntries(form);
  if (!sameHours(entries, toEntries(initial))) patch.openingHours = entries;
  return patch;
}

export function isPatchEmpty(patch: AgentSettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}

/** Backend paths (`voice.voiceId`, `openingHours.3.closesAt`, `reminders.dayBefore`) → form keys. */
const PATH_TO_KEY: Record<string, string> = {
  'voice.voiceId': 'voiceId',
  'voice.provider': 'voiceProvider',
  voice: 'voiceId',
  'reminders.dayBefore': 'remindDayBefore',
  'reminders.twoHoursBefore': 'remindTwoHoursBefore',
  'alerts.notifyOwnerOfBookings': 'notifyOwnerOfBookings',
  'alerts.textOnCallForEmergencies': 'textOnCallForEmergencies',
  openingHours: 'hours',
};

/**
 * Places the backend's validation `details` ([{path, message}]) on the fields they belong to.
 * `form` is what was sent, so an opening-hours index maps back to the weekday row it came from.
 * Details with no field come back under `form`.
 */
export function fieldErrorsFromDetails(details: unknown, form: AgentForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!Array.isArray(details)) return errors;
  const entries = hoursEntries(form);
  for (const detail of details as { path?: unknown; message?: unknown }[]) {
    if (typeof detail.message !== 'string') continue;
    const path = typeof detail.path === 'string' ? detail.path : '';
    const message = sentence(detail.message);
    const hoursMatch = /^openingHours\.(\d+)(?:\.(opensAt|closesAt|weekday))?$/.exec(path);
    let key: string;
    if (hoursMatch) {
      const entry = entries[Number(hoursMatch[1])];
      key = entry ? `${entry.key}.${hoursMatch[2] === 'opensAt' ? 'opensAt' : 'closesAt'}` : 'hours';
    } else if (/^languages\.\d+$/.test(path) || path in PATH_TO_KEY) {
      key = PATH_TO_KEY[path] ?? path;
    } else if (['name', 'firstMessage', 'instructions', 'onCallNumber', 'emergencyLine', 'languages', 'safeMode', 'recordingEnabled'].includes(path)) {
      key = path;
    } else {
      key = 'form';
    }
    errors[key] ??= message;
  }
  return errors;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** A service price as the agent quotes it: whole pounds without pence, `null` when on request. */
export function formatMoney(minor: number | null, currency: string, locale = 'en-GB'): string {
  if (minor === null) return 'Price on request';
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: minor % 100 === 0 ? 0 : 2 }).format(minor / 100);
}
