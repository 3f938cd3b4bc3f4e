import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import { createAgentRepo } from '../agent/agent.repo';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import type { PatientsService } from '../patients/patients.service';
import { buildVapiAssistant, type VapiAssistant } from './vapi.assistant';

export type VapiAssistantServiceDeps = {
  db: Db;
  publicBaseUrl: string;
  webhookSecret: string;
  clock: Clock;
  clinicConfig: ClinicConfigCache;
  /** Recognises the caller: their number read in the clinic's country, looked up once. */
  patients: Pick<PatientsService, 'findByPhone'>;
};

export type AssistantForCallInput = { clinicId: string; callerNumber?: string | null };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Closures are listed from yesterday (UTC), so "today" is covered in every time zone. */
function closuresFrom(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/**
 * The assistant of a clinic, built from local data only: `assistantForCall` answers Vapi's
 * `assistant-request` (100 ms p99 budget) from the clinic's cached context — forgotten on every
 * saved change (clinic-config-cache) — and the caller's patient record (one indexed lookup);
 * `savedAssistant` is what the sync job pushes to Vapi, read fresh.
 */
export function createVapiAssistantService(deps: VapiAssistantServiceDeps) {
  const repo = createAgentRepo(deps.db);
  // Held for the cache's lifetime (at most a minute): its closures window starts a day back and
  // runs 30 days on, so it still covers "today" when read a little later.
  const clinicContext = (clinicId: string) =>
    deps.clinicConfig.read(clinicId, 'assistant', () => repo.loadClinicContext(clinicId, { closuresFrom: closuresFrom(deps.clock.now()) }));

  return {
    /** The `assistant` of the `assistant-request` reply. Throws NOT_FOUND for an unknown clinic. */
    async assistantForCall(input: AssistantForCallInput): Promise<Record<string, unknown>> {
      const now = deps.clock.now();
      const callerNumber = input.callerNumber?.trim() || undefined;
      const [clinic, caller] = await Promise.all([
        clinicContext(input.clinicId),
        callerNumber ? deps.patients.findByPhone(input.clinicId, callerNumber) : undefined,
      ]);
      if (!clinic) throw notFound('Clinic');
      const assistant = buildVapiAssistant({ clinic, callerName: caller?.name ?? null, now, publicBaseUrl: deps.publicBaseUrl, webhookSecret: deps.webhookSecret });
      // The webhook serialises it as JSON; SDK interfaces carry no index signature.
      return assistant as Record<string, unknown>;
    },

    /** Undefined for a clinic that no longer exists. */
    async savedAssistant(clinicId: string): Promise<VapiAssistant | undefined> {
      const clinic = await repo.loadClinicContext(clinicId, { closuresFrom: closuresFrom(deps.clock.now()) });
      if (!clinic) return undefined;
      // No caller and no date: the saved assistant serves calls on days we cannot know now.
      return buildVapiAssistant({ clinic: { ...clinic, closures: [] }, publicBaseUrl: deps.publicBaseUrl, webhookSecret: deps.webhookSecret });
    },
  };
}

export type VapiAssistantService = ReturnType<typeof createVapiAssistantService>;
