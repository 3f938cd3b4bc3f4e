/** Shapes of `GET/PATCH /clinics/:id/agent` (backend `agent.schemas.ts`) and `…/services` (`scheduling.schemas.ts`). */

export const VOICE_PROVIDERS = ['azure', '11labs', 'openai', 'cartesia', 'deepgram', 'playht', 'vapi'] as const;
export type VoiceProvider = (typeof VOICE_PROVIDERS)[number];

export type OpeningHoursEntry = { weekday: number; opensAt: string; closesAt: string };

export type VapiSyncState = {
  isEnabled: boolean;
  status: 'disabled' | 'not_synced' | 'pending' | 'synced' | 'failed';
  assistantId: string | null;
  lastSyncedAt: string | null;
  lastError: string | null;
  message: string;
};

export type AgentSettings = {
  name: string;
  firstMessage: string | null;
  voice: { provider: VoiceProvider; voiceId: string };
  instructions: string;
  safeMode: boolean;
  recordingEnabled: boolean;
  onCallNumber: string | null;
  emergencyLine: string | null;
  languages: string[];
  reminders: { dayBefore: boolean; twoHoursBefore: boolean };
  alerts: { notifyOwnerOfBookings: boolean; textOnCallForEmergencies: boolean };
  openingHours: OpeningHoursEntry[];
  publicEmergencyNumber: string;
  vapiSync: VapiSyncState;
};

export type AgentSettingsPatch = Partial<Omit<AgentSettings, 'publicEmergencyNumber' | 'vapiSync' | 'reminders' | 'alerts'>> & {
  reminders?: Partial<AgentSettings['reminders']>;
  alerts?: Partial<AgentSettings['alerts']>;
};

export type { ClinicService } from '@/lib/backend/service-dto';

/** `POST …/services`: without practitionerIds, every practitioner of the clinic performs it. */
export type ServiceCreate = {
  name: string;
  description?: string | null;
  durationMinutes: number;
  /** Pence; null: the price is set at a consultation. */
  priceMinor: number | null;
  depositMinor?: number;
  practitionerIds?: string[];
};

/** `PATCH …/services/:serviceId`: any of the fields, plus isActive to retire or restore. */
export type ServicePatch = Partial<ServiceCreate> & { isActive?: boolean };
