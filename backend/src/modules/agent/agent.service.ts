import type { Db, Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import { recordAudit } from '../audit/audit.repo';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import { normalisePhone } from '../patients/phone';
import { emergencyNumberFor } from '../safety/emergency';
import { VAPI_SYNC_DISABLED_REASON, vapiSyncJobKey, type AssistantSync, type VapiSyncPayload } from '../vapi/vapi-sync';
import { createVapiSyncRepo, type VapiSyncRecord } from '../vapi/vapi-sync.repo';
import { agentSettingsFromStored, createAgentRepo, storedSettingsWith } from './agent.repo';
import type { AgentSettings, AgentSettingsPatch, AgentSettingsResponse, VapiSyncState } from './agent.schemas';

export type VapiSyncQueue = {
  enqueue(
    kind: 'vapi.sync',
    payload: VapiSyncPayload,
    options: { uniqueKey: string; clinicId: string; tx?: Queryable; ifFinished: 'requeue' },
  ): Promise<unknown>;
};

export type AgentServiceDeps = { db: Db; clock: Clock; queue: VapiSyncQueue; assistantSync: AssistantSync; clinicConfig: ClinicConfigCache };

export function describeVapiSync(sync: Pick<AssistantSync, 'isEnabled' | 'disabledReason'>, record: VapiSyncRecord | undefined): VapiSyncState {
  const common = {
    assistantId: record?.assistantId ?? null,
    lastSyncedAt: record?.lastSyncedAt?.toISOString() ?? null,
  };
  if (!sync.isEnabled) {
    return { isEnabled: false, status: 'disabled', ...common, lastError: null, message: sync.disabledReason ?? VAPI_SYNC_DISABLED_REASON };
  }
  if (!record || record.status === 'disabled') {
    return { isEnabled: true, status: 'not_synced', ...common, lastError: null, message: 'Not synced yet: save the agent settings to create the assistant in Vapi.' };
  }
  switch (record.status) {
    case 'pending':
      return { isEnabled: true, status: 'pending', ...common, lastError: null, message: 'Saving the assistant to Vapi.' };
    case 'synced':
      return { isEnabled: true, status: 'synced', ...common, lastError: null, message: 'The assistant in Vapi matches these settings.' };
    case 'failed':
      return {
        isEnabled: true,
        status: 'failed',
        ...common,
        lastError: record.lastError,
        message: `The last sync with Vapi failed${record.lastError ? `: ${record.lastError}` : ''}. Saving again retries it.`,
      };
  }
}

function normalisedPhone(value: string | null | undefined, countryCode: string, field: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  const e164 = normalisePhone(value, countryCode);
  if (!e164) {
    throw new AppError('INVALID_INPUT', `Invalid ${field}: not a phone number`, {
      details: [{ path: field, message: 'is not a phone number (use international format, e.g. +447700900123)' }],
    });
  }
  return e164;
}

function mergeSettings(current: AgentSettings, patch: AgentSettingsPatch, countryCode: string): AgentSettings {
  const onCallNumber = normalisedPhone(patch.onCallNumber, countryCode, 'onCallNumber');
  const emergencyLine = normalisedPhone(patch.emergencyLine, countryCode, 'emergencyLine');
  return {
    name: patch.name ?? current.name,
    firstMessage: patch.firstMessage === undefined ? current.firstMessage : patch.firstMessage,
    voice: patch.voice ?? current.voice,
    instructions: patch.instructions ?? current.instructions,
    safeMode: patch.safeMode ?? current.safeMode,
    recordingEnabled: patch.recordingEnabled ?? current.recordingEnabled,
    onCallNumber: onCallNumber === undefined ? current.onCallNumber : onCallNumber,
    emergencyLine: emergencyLine === undefined ? current.emergencyLine : emergencyLine,
    languages: patch.languages ?? current.languages,
    reminders: { ...current.reminders, ...patch.reminders },
    alerts: { ...current.alerts, ...patch.alerts },
  };
}

export function createAgentService(deps: AgentServiceDeps) {
  const agentRepo = createAgentRepo(deps.db);
  const syncRepo = createVapiSyncRepo(deps.db);

  function enqueueSync(clinicId: string, tx?: Queryable): Promise<unknown> {
    return deps.queue.enqueue('vapi.sync', { clinicId }, { uniqueKey: vapiSyncJobKey(clinicId), clinicId, ifFinished: 'requeue', ...(tx ? { tx } : {}) });
  }

  /** Inside the transaction of a change to what the assistant says: marks it pending and queues the push to Vapi. */
  async function requestAssistantSync(clinicId: string, tx: Queryable, now = deps.clock.now()): Promise<void> {
    await createVapiSyncRepo(tx).recordSettingsChange(clinicId, deps.assistantSync.isEnabled ? 'pending' : 'disabled', now);
    if (deps.assistantSync.isEnabled) await enqueueSync(clinicId, tx);
  }

  async function getAgent(clinicId: string): Promise<AgentSettingsResponse> {
    const clinic = await agentRepo.findClinic(clinicId);
    if (!clinic) throw notFound('Clinic');
    const [openingHours, syncRecord] = await Promise.all([agentRepo.listOpeningHours(clinicId), syncRepo.find(clinicId)]);
    if (deps.assistantSync.isEnabled && syncRecord?.status === 'pending') {
      // A save that landed just as the previous sync finished found that job still running and
      // queued nothing; queueing again is a no-op while a job is queued or running.
      await enqueueSync(clinicId);
    }
    return {
      ...agentSettingsFromStored(clinic.settings),
      openingHours,
      publicEmergencyNumber: emergencyNumberFor(clinic.countryCode),
      vapiSync: describeVapiSync(deps.assistantSync, syncRecord),
    };
  }

  return {
    getAgent,

    /** For other modules' writes the assistant's prompt depends on (services and prices). */
    requestAssistantSync: (clinicId: string, tx: Queryable) => requestAssistantSync(clinicId, tx),

    /** Applies a partial change, audits it and queues the Vapi sync, all in one transaction. */
    async updateAgent(clinicId: string, actorUserId: string, patch: AgentSettingsPatch): Promise<AgentSettingsResponse> {
      await deps.db.transaction(async (tx) => {
        const repo = createAgentRepo(tx);
        const clinic = await repo.findClinic(clinicId, { forUpdate: true });
        if (!clinic) throw notFound('Clinic');
        const next = mergeSettings(agentSettingsFromStored(clinic.settings), patch, clinic.countryCode);
        const now = deps.clock.now();
        await repo.saveSettings(clinicId, storedSettingsWith(clinic.settings, next), now);
        if (patch.openingHours) await repo.replaceOpeningHours(clinicId, patch.openingHours);
        // Field names only: values include phone numbers and the owner's prompt.
        await recordAudit(tx, {
          clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'agent.updated',
          entity: { type: 'clinic', id: clinicId },
          data: { fields: Object.keys(patch).sort() },
        });
        await requestAssistantSync(clinicId, tx, now);
      });
      await deps.clinicConfig.changed(clinicId);
      return getAgent(clinicId);
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
