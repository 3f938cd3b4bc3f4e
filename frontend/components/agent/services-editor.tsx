'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import type { ClinicService } from '@/lib/agent/agent-types';
import {
  buildServiceCreate,
  buildServicePatch,
  draftFromService,
  duplicateNameError,
  emptyDraft,
  isDraftChanged,
  serviceErrorsFromDetails,
  validateServiceDraft,
  type ServiceDraft,
  type ServiceErrors,
} from '@/lib/agent/service-form';
import { ApiError, api, errorMessage } from '@/lib/client/api';
import { ServiceRow, serviceInputId, type RowState } from './service-row';
import { useUnsavedChangesWarning } from './use-unsaved-changes-warning';
import agentStyles from './agent.module.css';
import styles from './services.module.css';

type LoadState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok' };

/**
 * The services and prices the agent quotes and books, edited in place. Each row saves on its own
 * (Save, or Enter in a field): a change is live on the next call turn, independent of the agent
 * settings form. Retired services stay listed (appointments keep them) and can be restored.
 */
export function ServicesEditor({ clinicId, onChanged }: { clinicId: string; onChanged: () => void }) {
  const [loadState, setLoadState] = useState<LoadState>({ kind: 'loading' });
  const [saved, setSaved] = useState<Map<string, ServiceDraft>>(new Map());
  const [drafts, setDrafts] = useState<ServiceDraft[]>([]);
  const [errors, setErrors] = useState<Record<string, ServiceErrors>>({});
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [statuses, setStatuses] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState('');
  const [attempt, setAttempt] = useState(0);
  const newCount = useRef(0);
  const focusAfterRender = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<{ items: ClinicService[] }>(`/clinics/${clinicId}/services?includeInactive=true`, { signal: controller.signal })
      .then((body) => {
        const loaded = body.items.map(draftFromService);
        setSaved(new Map(loaded.map((draft) => [draft.key, draft])));
        setDrafts(loaded);
        setLoadState({ kind: 'ok' });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadState({ kind: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [clinicId, attempt]);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  const changedKeys = useMemo(() => new Set(drafts.filter((draft) => isDraftChanged(saved.get(draft.key), draft)).map((draft) => draft.key)), [drafts, saved]);
  useUnsavedChangesWarning(changedKeys.size > 0);

  const setRowErrors = useCallback((key: string, found: ServiceErrors) => {
    setErrors((current) => ({ ...current, [key]: found }));
  }, []);

  function setBusyFor(key: string, isBusy: boolean) {
    setBusy((current) => {
      const next = new Set(current);
      if (isBusy) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  function replaceDraft(key: string, next: ServiceDraft | null) {
    setDrafts((current) => (next ? current.map((draft) => (draft.key === key ? next : draft)) : current.filter((draft) => draft.key !== key)));
  }

  function change(key: string, changes: Partial<ServiceDraft>) {
    setDrafts((current) => current.map((draft) => (draft.key === key ? { ...draft, ...changes } : draft)));
    setStatuses((current) => ({ ...current, [key]: '' }));
    setErrors((current) => {
      const row = current[key];
      if (!row) return current;
      const rest = Object.fromEntries(Object.entries(row).filter(([field]) => field !== 'row' && !(field in changes)));
      return { ...current, [key]: rest };
    });
  }

  function focusFirstError(key: string, found: ServiceErrors) {
    const field = (['name', 'duration', 'price', 'deposit'] as const).find((candidate) => found[candidate]);
    if (field) document.getElementById(serviceInputId(key, field))?.focus();
  }

  /** Applies what the backend answered; `key` was the row's key (a new row's changes to the service id). */
  function applySaved(key: string, service: ClinicService, message: string) {
    const draft = draftFromService(service);
    setSaved((current) => {
      const next = new Map(current);
      next.delete(key);
      next.set(draft.key, draft);
      return next;
    });
    replaceDraft(key, draft);
    setErrors((current) => ({ ...current, [key]: {}, [draft.key]: {} }));
    setStatuses((current) => ({ ...current, [draft.key]: message }));
    setAnnouncement(`${service.name}: ${message}`);
    onChanged();
  }

  async function send(key: string, label: string, request: () => Promise<ClinicService>, message: string) {
    setBusyFor(key, true);
    try {
      applySaved(key, await request(), message);
    } catch (error) {
      const found = error instanceof ApiError ? serviceErrorsFromDetails(error.details, errorMessage(error)) : { row: errorMessage(error) };
      setRowErrors(key, found);
      setAnnouncement(`${label} was not saved: ${Object.values(found).join(' ')}`);
      focusFirstError(key, found);
    } finally {
      setBusyFor(key, false);
    }
  }

  function save(draft: ServiceDraft, label: string) {
    const found: ServiceErrors = { ...validateServiceDraft(draft) };
    const duplicate = duplicateNameError(draft, drafts);
    if (duplicate && !found.name) found.name = duplicate;
    if (Object.keys(found).length > 0) {
      setRowErrors(draft.key, found);
      setAnnouncement(`${label} was not saved: fix the highlighted fields.`);
      focusFirstError(draft.key, found);
      return;
    }
    if (draft.id === null) {
      const body = buildServiceCreate(draft);
      if (!body) return;
      void send(draft.key, label, () => api<ClinicService>(`/clinics/${clinicId}/services`, { method: 'POST', json: body }), 'Added. The agent offers it from its next call.');
      return;
    }
    const original = saved.get(draft.key);
    const patch = original ? buildServicePatch(original, draft) : undefined;
    if (!patch || Object.keys(patch).length === 0) return;
    void send(draft.key, label, () => api<ClinicService>(`/clinics/${clinicId}/services/${draft.id}`, { method: 'PATCH', json: patch }), 'Saved. The agent quotes it from its next call.');
  }

  function toggleActive(draft: ServiceDraft, label: string) {
    if (draft.id === null) return;
    const isActive = !draft.isActive;
    void send(
      draft.key,
      label,
      () => api<ClinicService>(`/clinics/${clinicId}/services/${draft.id}`, { method: 'PATCH', json: { isActive } }),
      isActive ? 'Restored: the agent offers it again.' : 'Retired: no longer offered or bookable.',
    );
  }

  function undo(draft: ServiceDraft) {
    const original = saved.get(draft.key);
    replaceDraft(draft.key, original ?? null);
    setRowErrors(draft.key, {});
  }

  function addRow() {
    newCount.current += 1;
    const draft = emptyDraft(`new-${newCount.current}`);
    setDrafts((current) => [...current, draft]);
    focusAfterRender.current = serviceInputId(draft.key, 'name');
  }

  const activeCount = drafts.filter((draft) => draft.id !== null && draft.isActive).length;
  const newKeys = drafts.filter((draft) => !saved.has(draft.key)).map((draft) => draft.key);

  return (
    <section className={`card ${styles.editor}`} aria-labelledby="services-heading">
      <div className={styles.head}>
        <div>
          <h2 id="services-heading" className={agentStyles.sectionHeading}>
            Services and prices
          </h2>
          <p className={`muted ${agentStyles.hint}`}>
            What the agent quotes and books. Edit a row, then save it with its Save button (or Enter): each row saves on its own, live from the
            agent&rsquo;s next call. Prices in pounds; leave the price empty when it is set at a consultation. Retire a service to stop offering
            it; its appointments are kept.
          </p>
        </div>
        {loadState.kind === 'ok' && (
          <button type="button" className="button button-secondary" onClick={addRow}>
            Add service
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {loadState.kind === 'loading' && <LoadingState label="Loading services…" rows={3} />}
      {loadState.kind === 'error' && (
        <ErrorState
          message={loadState.message}
          onRetry={() => {
            setLoadState({ kind: 'loading' });
            setAttempt((value) => value + 1);
          }}
        />
      )}
      {loadState.kind === 'ok' && drafts.length === 0 && (
        <EmptyState title="No services yet">Add the treatments you offer so the agent can quote and book them.</EmptyState>
      )}
      {loadState.kind === 'ok' && drafts.length > 0 && (
        <div className={`table-wrap ${styles.wrap}`}>
          <table className={`table ${styles.table}`}>
            <caption className="visually-hidden">
              Services the agent can book: {activeCount} offered, {drafts.length - activeCount} new or retired
            </caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Minutes</th>
                <th scope="col">Price (£)</th>
                <th scope="col">Deposit (£)</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft) => {
                const original = saved.get(draft.key);
                const label = original ? original.name : `new service ${newKeys.indexOf(draft.key) + 1}`;
                const state: RowState = {
                  isBusy: busy.has(draft.key),
                  isChanged: changedKeys.has(draft.key),
                  errors: errors[draft.key] ?? {},
                  status: statuses[draft.key] || null,
                };
                return (
                  <ServiceRow
                    key={draft.key}
                    draft={draft}
                    label={label}
                    state={state}
                    onChange={(changes) => change(draft.key, changes)}
                    onSave={() => save(draft, label)}
                    onUndo={() => undo(draft)}
                    onToggleActive={() => toggleActive(draft, label)}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
