import { z } from 'zod';

/**
 * The voice agent's settings as the dashboard edits them (contract §5 `…/agent`). Stored in
 * `clinics.settings` (see agent.repo.ts for the layout) except opening hours, which live in
 * `opening_hours` so the scheduler and the agent read the same table.
 */

export const VOICE_PROVIDERS = ['azure', '11labs', 'openai', 'cartesia', 'deepgram', 'playht', 'vapi'] as const;

export const AgentVoice = z
  .object({
    provider: z.enum(VOICE_PROVIDERS),
    // Provider voice ids are names, slugs or UUIDs ("en-GB-SoniaNeural", "sarah", "a0e99841-…").
    voiceId: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]*$/, 'must be a voice id from the provider'),
  })
  .strict();
export type AgentVoice = z.infer<typeof AgentVoice>;

export const ReminderPolicy = z
  .object({
    dayBefore: z.boolean(),
    twoHoursBefore: z.boolean(),
  })
  .strict();
export type ReminderPolicy = z.infer<typeof ReminderPolicy>;

export const AlertSettings = z
  .object({
    /** Tell the clinic owner about every booking the agent makes. */
    notifyOwnerOfBookings: z.boolean(),
    /** Text the on-call number when a caller describes an emergency. */
    textOnCallForEmergencies: z.boolean(),
  })
  .strict();
export type AlertSettings = z.infer<typeof AlertSettings>;

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export const OpeningHoursEntry = z
  .object({
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: z.number().int().min(1).max(7),
    opensAt: z.string().regex(TIME_OF_DAY, 'must be HH:MM (24-hour)'),
    closesAt: z.string().regex(TIME_OF_DAY, 'must be HH:MM (24-hour)'),
  })
  .strict()
  .refine((entry) => entry.closesAt > entry.opensAt, { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export type OpeningHoursEntry = z.infer<typeof OpeningHoursEntry>;

function hasOverlaps(entries: OpeningHoursEntry[]): boolean {
  const sorted = [...entries].sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt));
  return sorted.some((entry, index) => {
    const previous = sorted[index - 1];
    return previous !== undefined && previous.weekday === entry.weekday && entry.opensAt < previous.closesAt;
  });
}

export const OpeningHours = z
  .array(OpeningHoursEntry)
  .max(21)
  .refine((entries) => !hasOverlaps(entries), { message: 'opening periods of one weekday must not overlap' });

/** A phone number as typed; the service normalises it to E.164 in the clinic's country. */
const phoneInput = z.string().trim().min(5).max(32);

const greeting = z.string().trim().min(1).max(600);

/** PATCH body: every field optional, unknown fields refused, `null` clears a nullable one. */
export const AgentSettingsPatch = z
  .object({
    name: z.string().trim().min(1).max(40),
    /** What the agent says when it picks up; `null` goes back to the generated greeting. */
    firstMessage: greeting.nullable(),
    voice: AgentVoice,
    /** The owner's own style and business instructions; always subordinate to the safety rules. */
    instructions: z.string().trim().max(4_000),
    safeMode: z.boolean(),
    /** Calls are recorded and every caller hears the recording notice. */
    recordingEnabled: z.boolean(),
    onCallNumber: phoneInput.nullable(),
    emergencyLine: phoneInput.nullable(),
    languages: z.array(z.string().trim().min(2).max(40)).min(1).max(10),
    reminders: ReminderPolicy.partial(),
    alerts: AlertSettings.partial(),
    /** Replaces the clinic's whole weekly timetable. */
    openingHours: OpeningHours,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field to change' });
export type AgentSettingsPatch = z.infer<typeof AgentSettingsPatch>;

export const VAPI_SYNC_STATUSES = ['disabled', 'not_synced', 'pending', 'synced', 'failed'] as const;
export type VapiSyncStatus = (typeof VAPI_SYNC_STATUSES)[number];

export const VapiSyncState = z.object({
  /** False when VAPI_API_KEY is not set: nothing is sent to Vapi, calls still work via assistant-request. */
  isEnabled: z.boolean(),
  status: z.enum(VAPI_SYNC_STATUSES),
  assistantId: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  message: z.string(),
});
export type VapiSyncState = z.infer<typeof VapiSyncState>;

/** The effective settings, defaults filled in: what GET returns and what the assistant is built from. */
export const AgentSettings = z.object({
  name: z.string(),
  /** The owner's greeting, or null when the agent generates one. */
  firstMessage: z.string().nullable(),
  voice: AgentVoice,
  instructions: z.string(),
  safeMode: z.boolean(),
  recordingEnabled: z.boolean(),
  onCallNumber: z.string().nullable(),
  emergencyLine: z.string().nullable(),
  languages: z.array(z.string()),
  reminders: ReminderPolicy,
  alerts: AlertSettings,
});
export type AgentSettings = z.infer<typeof AgentSettings>;

export const AgentSettingsResponse = AgentSettings.extend({
  openingHours: z.array(OpeningHoursEntry),
  /** The local emergency number callers are told to ring (999 in the UK), from the clinic's country. */
  publicEmergencyNumber: z.string(),
  vapiSync: VapiSyncState,
});
export type AgentSettingsResponse = z.infer<typeof AgentSettingsResponse>;

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  name: 'Ava',
  firstMessage: null,
  voice: { provider: 'azure', voiceId: 'en-GB-SoniaNeural' },
  instructions: '',
  safeMode: true,
  recordingEnabled: true,
  onCallNumber: null,
  emergencyLine: null,
  languages: ['English'],
  reminders: { dayBefore: true, twoHoursBefore: false },
  alerts: { notifyOwnerOfBookings: false, textOnCallForEmergencies: true },
};
