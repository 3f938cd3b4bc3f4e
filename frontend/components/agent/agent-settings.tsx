'use client';

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { buildAgentPatch, fieldErrorsFromDetails, formFromSettings, isPatchEmpty, validateAgentForm, type AgentForm, type FieldErrors } from '@/lib/agent/agent-form';
import type { AgentSettings as AgentSettingsDto, VapiSyncState } from '@/lib/agent/agent-types';
import { ApiError, api, errorMessage } from '@/lib/client/api';
import { formatTime } from '@/lib/format';
import { AgentSettingsForm } from './agent-settings-form';
import { fieldId } from './field-id';
import { ServicesEditor } from './services-editor';
import { useUnsavedChangesWarning } from './use-unsaved-changes-warning';
import { VapiSyncStatus } from './vapi-sync-status';
import styles from './agent.module.css';

const SYNC_POLL_MS = 3_000;

type Loaded = { settings: AgentSettingsDto; initial: AgentForm };
type LoadState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok' };

export function AgentSettings() {
  const { clinic, canManage } = useClinic();
  if (!canManage) {
    return (
      <>
        <PageHeader title="Agent" />
        <div className="card">
          <EmptyState title="Only owners can change the agent">
            Ask the clinic owner to change the agent&rsquo;s greeting, voice, hours or safety settings. You can still test its answers on the Knowledge base page.
          </EmptyState>
        </div>
      </>
    );
  }
  return <AgentSettingsEditor clinicId={clinic.id} timeZone={clinic.timezone} />;
}

function AgentSettingsEditor({ clinicId, timeZone }: { clinicId: string; timeZone: string }) {
  const [loadState, setLoadState] = useState<LoadState>({ kind: 'loading' });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<AgentForm | null>(null);
  const [sync, setSync] = useState<VapiSyncState | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isSaving, setIsSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);

  const applySettings = useCallback((settings: AgentSettingsDto) => {
    const initial = formFromSettings(settings);
    setLoaded({ settings, initial });
    setForm(initial);
    setSync(settings.vapiSync);
  }, []);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        applySettings(await api<AgentSettingsDto>(`/clinics/${clinicId}/agent`, { signal }));
        setLoadState({ kind: 'ok' });
      } catch (error) {
        if (!signal?.aborted) setLoadState({ kind: 'error', message: errorMessage(error) });
      }
    },
    [clinicId, applySettings],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // While Vapi is being updated, refresh only the sync state: the form may hold new edits.
  useEffect(() => {
    if (sync?.status !== 'pending') return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api<AgentSettingsDto>(`/clinics/${clinicId}/agent`, { signal: controller.signal })
        .then((settings) => setSync(settings.vapiSync))
        .catch(() => undefined);
    }, SYNC_POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [clinicId, sync]);

  // A service change re-syncs the assistant (its prompt lists the prices): show that it is pending.
  const refreshSync = useCallback(() => {
    api<AgentSettingsDto>(`/clinics/${clinicId}/agent`)
      .then((settings) => setSync(settings.vapiSync))
      .catch(() => undefined);
  }, [clinicId]);

  const patch = useMemo(() => (loaded && form ? buildAgentPatch(loaded.initial, form) : {}), [loaded, form]);
  const isDirty = !isPatchEmpty(patch);
  useUnsavedChangesWarning(isDirty);

  if (loadState.kind === 'loading' || (loadState.kind === 'ok' && (!form || !loaded))) {
    return (
      <>
        <PageHeader title="Agent" description="How your AI receptionist sounds and behaves." />
        <LoadingState label="Loading agent settings…" rows={6} />
      </>
    );
  }
  if (loadState.kind === 'error' || !form || !loaded) {
    return (
      <>
        <PageHeader title="Agent" description="How your AI receptionist sounds and behaves." />
        <ErrorState
          message={loadState.kind === 'error' ? loadState.message : 'The settings did not load.'}
          onRetry={() => {
            setLoadState({ kind: 'loading' });
            void load();
          }}
        />
      </>
    );
  }

  function change(changes: Partial<AgentForm>) {
    setForm((current) => (current ? { ...current, ...changes } : current));
    setSavedAt(null);
    // Editing a field clears its error; the rest wait for the next save.
    setErrors((current) => {
      const keys = Object.keys(changes);
      const next = Object.fromEntries(Object.entries(current).filter(([key]) => key !== 'form' && !keys.some((changed) => key === changed || key.startsWith(`${changed}.`))));
      return Object.keys(next).length === Object.keys(current).length ? current : next;
    });
  }

  function focusFirstError(found: FieldErrors) {
    const first = Object.keys(found).find((key) => key !== 'form');
    const element = first ? document.getElementById(fieldId(first === 'hours' ? 'hours.1.0.opensAt' : first)) : null;
    element?.focus();
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form || !loaded) return;
    const found = validateAgentForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    if (isPatchEmpty(patch)) return;
    setIsSaving(true);
    try {
      const settings = await api<AgentSettingsDto>(`/clinics/${clinicId}/agent`, { method: 'PATCH', json: patch });
      applySettings(settings);
      setSavedAt(new Date().toISOString());
    } catch (error) {
      const mapped = error instanceof ApiError ? fieldErrorsFromDetails(error.details, form) : {};
      if (Object.keys(mapped).length === 0 || mapped.form) mapped.form = errorMessage(error);
      setErrors(mapped);
      focusFirstError(mapped);
    } finally {
      setIsSaving(false);
    }
  }

  const errorCount = Object.keys(errors).filter((key) => key !== 'form').length;

  return (
    <>
      <PageHeader title="Agent" description="How your AI receptionist sounds and behaves on calls and texts." />
      <div className={styles.layout}>
        <form className={styles.form} onSubmit={save} noValidate aria-label="Agent settings">
          <AgentSettingsForm form={form} errors={errors} publicEmergencyNumber={loaded.settings.publicEmergencyNumber} onChange={change} />
          <div className={styles.saveBar}>
            <div className={styles.saveStatus} role="status" aria-live="polite">
              {errors.form ? (
                <span className={styles.fieldError}>{errors.form}</span>
              ) : errorCount > 0 ? (
                <span className={styles.fieldError}>{errorCount === 1 ? 'Fix the highlighted field to save.' : `Fix the ${errorCount} highlighted fields to save.`}</span>
              ) : isDirty ? (
                <span className={styles.dirty}>You have unsaved changes.</span>
              ) : savedAt ? (
                <span className={styles.saved}>Saved at {formatTime(savedAt, timeZone)}. The agent uses the new settings on its next call.</span>
              ) : (
                <span className="muted">All changes saved.</span>
              )}
            </div>
            <div className={styles.saveActions}>
              <button
                type="button"
                className="button button-ghost"
                disabled={!isDirty || isSaving}
                onClick={() => {
                  setForm(loaded.initial);
                  setErrors({});
                }}
              >
                Discard changes
              </button>
              <button type="submit" className="button button-primary" disabled={!isDirty || isSaving}>
                {isSaving ? 'Saving…' : 'Save changes'}
              </button>
            </div>
          </div>
        </form>
        <aside className={styles.aside} aria-label="Agent status">
          {sync && <VapiSyncStatus sync={sync} timeZone={timeZone} />}
        </aside>
      </div>
      <div className={styles.services}>
        <ServicesEditor clinicId={clinicId} onChanged={refreshSync} />
      </div>
    </>
  );
}
