import type { Queryable } from '../../platform/db';
import type { AssistantClinic, AssistantService } from '../vapi/vapi.assistant';
import { AgentVoice, AlertSettings, DEFAULT_AGENT_SETTINGS, ReminderPolicy, type AgentSettings, type OpeningHoursEntry } from './agent.schemas';

/**
 * Layout of the agent's part of `clinics.settings` (kept as the seed and the conversation
 * engine already read it):
 *   agent: {name, firstMessage, voice: {provider, voiceId}, instructions}
 *   safeMode, recordingNotice (calls recorded and announced), onCallNumber, emergencyLine,
 *   languages, reminders: {dayBefore, twoHoursBefore}, alerts: {...}
 * Other keys (e.g. outOfHoursAdvice) are carried through untouched.
 */
type StoredSettings = Record<string, unknown>;

function objectAt(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** Reads what is stored, field by field: a value an older version wrote badly falls back to its default. */
export function agentSettingsFromStored(raw: StoredSettings): AgentSettings {
  const agent = objectAt(raw.agent);
  const defaults = DEFAULT_AGENT_SETTINGS;
  const voice = AgentVoice.safeParse(agent.voice);
  const reminders = ReminderPolicy.partial().safeParse(raw.reminders);
  const alerts = AlertSettings.partial().safeParse(raw.alerts);
  const languages = Array.isArray(raw.languages) ? raw.languages.filter((item): item is string => typeof item === 'string') : [];
  const recording = raw.recordingEnabled ?? raw.recordingNotice;
  return {
    name: stringOr(agent.name, defaults.name),
    firstMessage: stringOr(agent.firstMessage, null),
    voice: voice.success ? voice.data : defaults.voice,
    instructions: stringOr(agent.instructions, ''),
    // Safe Mode and recording are on unless an owner switched them off explicitly.
    safeMode: raw.safeMode !== false,
    recordingEnabled: recording !== false,
    onCallNumber: stringOr(raw.onCallNumber, null),
    emergencyLine: stringOr(raw.emergencyLine, null),
    languages: languages.length > 0 ? languages : defaults.languages,
    reminders: { ...defaults.reminders, ...(reminders.success ? reminders.data : {}) },
    alerts: { ...defaults.alerts, ...(alerts.success ? alerts.data : {}) },
  };
}

/** The stored settings with the agent's fields replaced; every other key stays as it was. */
export function storedSettingsWith(raw: StoredSettings, settings: AgentSettings): StoredSettings {
  const agent: Record<string, unknown> = {
    ...objectAt(raw.agent),
    name: settings.name,
    voice: settings.voice,
    instructions: settings.instructions,
  };
  if (settings.firstMessage === null) delete agent.firstMessage;
  else agent.firstMessage = settings.firstMessage;
  const next: StoredSettings = {
    ...raw,
    agent,
    safeMode: settings.safeMode,
    recordingNotice: settings.recordingEnabled,
    languages: settings.languages,
    reminders: settings.reminders,
    alerts: settings.alerts,
  };
  delete next.recordingEnabled;
  for (const key of ['onCallNumber', 'emergencyLine'] as const) {
    const value = settings[key];
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

export type AgentClinicRecord = { id: string; name: string; timezone: string; countryCode: string; settings: StoredSettings };

type ClinicRow = { id: string; name: string; timezone: string; country_code: string; settings: StoredSettings };

function toClinicRecord(row: ClinicRow): AgentClinicRecord {
  return { id: row.id, name: row.name, timezone: row.timezone, countryCode: row.country_code.trim(), settings: row.settings };
}

type ClinicContextRow = ClinicRow & {
  opening_hours: OpeningHoursEntry[];
  services: AssistantService[];
  closures: string[];
};

// One round trip for everything a call's assistant says about the clinic.
const CLINIC_CONTEXT_SQL = `
SELECT c.id, c.name, c.timezone, c.country_code, c.settings,
       COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday,
                                                   'opensAt', to_char(h.opens_at, 'HH24:MI'),
                                                   'closesAt', to_char(h.closes_at, 'HH24:MI'))
                                 ORDER BY h.weekday, h.opens_at)
                   FROM opening_hours h WHERE h.clinic_id = c.id), '[]'::json) AS opening_hours,
       COALESCE((SELECT json_agg(json_build_object('name', s.name, 'durationMinutes', s.duration_minutes,
                                                   'priceMinor', s.price_minor, 'currency', s.currency,
                                                   'depositMinor', s.deposit_minor, 'description', s.description)
                                 ORDER BY s.name)
                   FROM services s WHERE s.clinic_id = c.id AND s.is_active), '[]'::json) AS services,
       COALESCE((SELECT json_agg(to_char(x.closed_on, 'YYYY-MM-DD') ORDER BY x.closed_on)
                   FROM clinic_closures x
                  WHERE x.clinic_id = c.id AND x.closed_on BETWEEN $2::date AND $2::date + 30), '[]'::json) AS closures
  FROM clinics c
 WHERE c.id = $1`;

export function createAgentRepo(db: Queryable) {
  return {
    async findClinic(clinicId: string, options: { forUpdate?: boolean } = {}): Promise<AgentClinicRecord | undefined> {
      const { rows } = await db.query<ClinicRow>(
        `SELECT id, name, timezone, country_code, settings FROM clinics WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [clinicId],
      );
      return rows[0] ? toClinicRecord(rows[0]) : undefined;
    },

    async saveSettings(clinicId: string, settings: StoredSettings, now: Date): Promise<void> {
      await db.query('UPDATE clinics SET settings = $2::jsonb, updated_at = $3 WHERE id = $1', [clinicId, JSON.stringify(settings), now]);
    },

    async listOpeningHours(clinicId: string): Promise<OpeningHoursEntry[]> {
      const { rows } = await db.query<OpeningHoursEntry>(
        `SELECT weekday, to_char(opens_at, 'HH24:MI') AS "opensAt", to_char(closes_at, 'HH24:MI') AS "closesAt"
           FROM opening_hours WHERE clinic_id = $1 ORDER BY weekday, opens_at`,
        [clinicId],
      );
      return rows;
    },

    async replaceOpeningHours(clinicId: string, entries: OpeningHoursEntry[]): Promise<void> {
      await db.query('DELETE FROM opening_hours WHERE clinic_id = $1', [clinicId]);
      if (entries.length === 0) return;
      await db.query(
        `INSERT INTO opening_hours (clinic_id, weekday, opens_at, closes_at)
         SELECT $1, weekday, opens_at::time, closes_at::time
           FROM unnest($2::smallint[], $3::text[], $4::text[]) AS t(weekday, opens_at, closes_at)`,
        [clinicId, entries.map((entry) => entry.weekday), entries.map((entry) => entry.opensAt), entries.map((entry) => entry.closesAt)],
      );
    },

    /** Clinic, agent settings, hours, services and the closures of the 30 days from `closuresFrom`, in one query. */
    async loadClinicContext(clinicId: string, options: { closuresFrom: string }): Promise<AssistantClinic | undefined> {
      const { rows } = await db.query<ClinicContextRow>(CLINIC_CONTEXT_SQL, [clinicId, options.closuresFrom]);
      const row = rows[0];
      if (!row) return undefined;
      return {
        ...toClinicRecord(row),
        settings: agentSettingsFromStored(row.settings),
        openingHours: row.opening_hours,
        services: row.services,
        closures: row.closures,
      };
    },
  };
}

export type AgentRepo = ReturnType<typeof createAgentRepo>;
