import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import { createAgentRepo } from '../agent/agent.repo';
import { normalisePhone } from '../patients/phone';
import { buildVapiAssistant, type VapiAssistant } from './vapi.assistant';

export type VapiAssistantServiceDeps = {
  db: Db;
  publicBaseUrl: string;
  webhookSecret: string;
  clock: Clock;
};

export type AssistantForCallInput = { clinicId: string; callerNumber?: string | null };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The assistant of a clinic, built from local data only: `assistantForCall` answers Vapi's
 * `assistant-request` (one query, well inside its 100 ms budget); `savedAssistant` is what the
 * sync job pushes to Vapi.
 */
export function createVapiAssistantService(deps: VapiAssistantServiceDeps) {
  const repo = createAgentRepo(deps.db);

  return {
    /** The `assistant` of the `assistant-request` reply. Throws NOT_FOUND for an unknown clinic. */
    async assistantForCall(input: AssistantForCallInput): Promise<Record<string, unknown>> {
      const now = deps.clock.now();
      // Closures are listed from yesterday (UTC), so "today" is covered in every time zone.
      const today = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
      const raw = input.callerNumber?.trim() || undefined;
      // Vapi sends E.164, where the country does not matter; anything else is read in the
      // clinic's country, known only after the first query.
      const e164 = raw?.startsWith('+') ? normalisePhone(raw, 'GB') : undefined;
      let context = await repo.loadCallContext(input.clinicId, { callerE164: e164 ?? null, today });
      if (!context) throw notFound('Clinic');
      if (raw && !e164) {
        const national = normalisePhone(raw, context.clinic.countryCode);
        if (national) context = (await repo.loadCallContext(input.clinicId, { callerE164: national, today })) ?? context;
      }
      const assistant = buildVapiAssistant({
        clinic: context.clinic,
        callerName: context.callerName,
        now,
        publicBaseUrl: deps.publicBaseUrl,
        webhookSecret: deps.webhookSecret,
      });
      // The webhook serialises it as JSON; SDK interfaces carry no index signature.
      return assistant as Record<string, unknown>;
    },

    /** Undefined for a clinic that no longer exists. */
    async savedAssistant(clinicId: string): Promise<VapiAssistant | undefined> {
      const today = new Date(deps.clock.now().getTime() - DAY_MS).toISOString().slice(0, 10);
      const context = await repo.loadCallContext(clinicId, { callerE164: null, today });
      if (!context) return undefined;
      // No caller and no date: the saved assistant serves calls on days we cannot know now.
      return buildVapiAssistant({
        clinic: { ...context.clinic, closures: [] },
        publicBaseUrl: deps.publicBaseUrl,
        webhookSecret: deps.webhookSecret,
      });
    },
  };
}

export type VapiAssistantService = ReturnType<typeof createVapiAssistantService>;
