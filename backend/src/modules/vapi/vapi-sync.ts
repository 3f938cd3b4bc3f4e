import { VapiClient, VapiError, VapiTimeoutError, type Vapi } from '@vapi-ai/server-sdk';
import { z } from 'zod';
import type { Db } from '../../platform/db';
import { defineJobCatalog } from '../../platform/jobs/job-catalog';
import { describeJobFailure, PermanentJobError } from '../../platform/jobs/job-failure';
import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import type { VapiAssistant, VapiServer } from './vapi.assistant';
import { createVapiSyncRepo } from './vapi-sync.repo';

/**
 * Assistant sync: saving agent settings pushes the clinic's assistant to Vapi and points the
 * clinic's Vapi phone numbers' server URL at our webhook. The numbers get no assistantId, so
 * Vapi keeps sending `assistant-request` and every call is answered from local data; the saved
 * assistant mirrors the settings for the Vapi dashboard, web calls and outbound calls.
 */

export const VAPI_SYNC_DISABLED_REASON = 'VAPI_API_KEY not set: the assistant is not synced to Vapi (calls are still answered through assistant-request)';

/** A failed Vapi call, described without secrets. */
export class AssistantSyncError extends Error {
  constructor(
    message: string,
    readonly isRetryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AssistantSyncError';
  }
}

export type PhoneNumberServer = VapiServer;

/** The port: a real adapter on `@vapi-ai/server-sdk`, or the disabled one without an API key. */
export type AssistantSync = {
  readonly isEnabled: boolean;
  readonly disabledReason?: string;
  /** Creates the assistant, or updates it when `assistantId` is given; returns its id. */
  saveAssistant(input: { assistantId: string | null; assistant: VapiAssistant }, signal?: AbortSignal): Promise<{ assistantId: string }>;
  pointPhoneNumber(input: { phoneNumberId: string; server: PhoneNumberServer }, signal?: AbortSignal): Promise<void>;
};

export const disabledAssistantSync: AssistantSync = {
  isEnabled: false,
  disabledReason: VAPI_SYNC_DISABLED_REASON,
  saveAssistant() {
    return Promise.reject(new AssistantSyncError(VAPI_SYNC_DISABLED_REASON, false));
  },
  pointPhoneNumber() {
    return Promise.reject(new AssistantSyncError(VAPI_SYNC_DISABLED_REASON, false));
  },
};

function errorDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 300);
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message.slice(0, 300);
  if (Array.isArray(message)) return message.filter((item) => typeof item === 'string').join('; ').slice(0, 300);
  return undefined;
}

/** 4xx means our request or key is wrong and retrying cannot help; 408, 429, 5xx and network errors can. */
export function toAssistantSyncError(operation: string, error: unknown): AssistantSyncError {
  if (error instanceof AssistantSyncError) return error;
  if (error instanceof VapiTimeoutError) return new AssistantSyncError(`Vapi did not answer ${operation} in time`, true, { cause: error });
  if (error instanceof VapiError && error.statusCode !== undefined) {
    const status = error.statusCode;
    const detail = errorDetail(error.body);
    const isRetryable = status >= 500 || status === 408 || status === 429;
    const hint = status === 401 || status === 403 ? ' (check VAPI_API_KEY)' : '';
    return new AssistantSyncError(`Vapi answered ${status} to ${operation}${hint}${detail ? `: ${detail}` : ''}`, isRetryable, { cause: error });
  }
  const reason = error instanceof Error ? error.message : 'unknown error';
  return new AssistantSyncError(`Could not reach Vapi for ${operation}: ${reason}`, true, { cause: error });
}

function isNotFound(error: unknown): boolean {
  return error instanceof VapiError && error.statusCode === 404;
}

export function createVapiAssistantSync(options: { apiKey: string; baseUrl?: string; timeoutSeconds?: number }): AssistantSync {
  // Retries belong to the durable job queue (with backoff and a visible state), not to the SDK.
  const client = new VapiClient({
    token: options.apiKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    maxRetries: 0,
    timeoutInSeconds: options.timeoutSeconds ?? 15,
  });

  async function create(assistant: VapiAssistant, signal?: AbortSignal): Promise<string> {
    const created = await client.assistants.create(assistant, { ...(signal ? { abortSignal: signal } : {}) });
    return created.id;
  }

  return {
    isEnabled: true,

    async saveAssistant({ assistantId, assistant }, signal) {
      const requestOptions = signal ? { abortSignal: signal } : {};
      try {
        if (!assistantId) return { assistantId: await create(assistant, signal) };
        try {
          const updated = await client.assistants.update({ id: assistantId, ...(assistant as Omit<Vapi.UpdateAssistantDto, 'id'>) }, requestOptions);
          return { assistantId: updated.id };
        } catch (error) {
          // Deleted in Vapi's dashboard: make a new one rather than failing forever.
          if (!isNotFound(error)) throw error;
          return { assistantId: await create(assistant, signal) };
        }
      } catch (error) {
        throw toAssistantSyncError(assistantId ? 'the assistant update' : 'the assistant creation', error);
      }
    },

    async pointPhoneNumber({ phoneNumberId, server }, signal) {
      const requestOptions = signal ? { abortSignal: signal } : {};
      try {
        // The update body is keyed by the number's provider, which only Vapi knows.
        const current = await client.phoneNumbers.get({ id: phoneNumberId }, requestOptions);
        const body = { provider: current.provider, server } as Vapi.UpdatePhoneNumbersRequestBody;
        await client.phoneNumbers.update({ id: phoneNumberId, body }, requestOptions);
      } catch (error) {
        throw toAssistantSyncError(`the update of phone number ${phoneNumberId}`, error);
      }
    },
  };
}

export const vapiJobs = defineJobCatalog({
  'vapi.sync': {
    schema: z.object({ clinicId: z.uuid() }),
    maxAttempts: 6,
    backoff: { baseDelayMs: 5_000, maxDelayMs: 600_000 },
  },
});

export type VapiSyncPayload = z.infer<(typeof vapiJobs)['vapi.sync']['schema']>;

/** One sync job per clinic: it always pushes the latest settings, so saves in a burst share it. */
export function vapiSyncJobKey(clinicId: string): string {
  return `vapi.sync:${clinicId}`;
}

const MAX_ROUNDS = 3;

export type VapiSyncJobDeps = {
  db: Db;
  sync: AssistantSync;
  clock: Clock;
  logger: Logger;
  /** The clinic's assistant as of now, from local data (the same builder the webhook uses). */
  buildAssistant(clinicId: string): Promise<VapiAssistant | undefined>;
  phoneNumberServer: PhoneNumberServer;
};

/**
 * Pushes the clinic's current settings. A save that lands meanwhile bumps the revision, so
 * `markSynced` refuses and the job pushes again; failures are recorded for the dashboard, then
 * retried by the queue (network, 5xx) or given up at once (4xx).
 */
export async function runVapiSyncJob(deps: VapiSyncJobDeps, payload: VapiSyncPayload, signal?: AbortSignal): Promise<void> {
  const repo = createVapiSyncRepo(deps.db);
  const { clinicId } = payload;
  if (!deps.sync.isEnabled) throw new PermanentJobError(VAPI_SYNC_DISABLED_REASON);
  try {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const state = await repo.find(clinicId);
      if (!state) return;
      const assistant = await deps.buildAssistant(clinicId);
      if (!assistant) return;
      const { assistantId } = await deps.sync.saveAssistant({ assistantId: state.assistantId, assistant }, signal);
      if (assistantId !== state.assistantId) await repo.recordAssistantId(clinicId, assistantId, deps.clock.now());
      for (const phoneNumberId of await repo.listVapiPhoneNumberIds(clinicId)) {
        await deps.sync.pointPhoneNumber({ phoneNumberId, server: deps.phoneNumberServer }, signal);
      }
      if (await repo.markSynced(clinicId, state.settingsRevision, deps.clock.now())) {
        deps.logger.info('vapi assistant synced', { clinicId, assistantId, revision: state.settingsRevision });
        return;
      }
    }
    throw new AssistantSyncError('the settings kept changing during the sync; trying again', true);
  } catch (error) {
    const failure =
      error instanceof AssistantSyncError
        ? error
        : new AssistantSyncError(`Sync failed: ${error instanceof Error ? error.message : 'unknown error'}`, true, { cause: error });
    await repo.markFailed(clinicId, describeJobFailure(failure).replace(/^AssistantSyncError: /, ''), deps.clock.now());
    deps.logger.warn('vapi assistant sync failed', { clinicId, error: failure.message, isRetryable: failure.isRetryable });
    if (!failure.isRetryable) throw new PermanentJobError(failure.message, { cause: failure });
    throw failure;
  }
}
