'use client';

import type { KeyboardEvent } from 'react';
import type { ServiceDraft, ServiceErrors, ServiceField } from '@/lib/agent/service-form';
import styles from './services.module.css';

export type RowState = { isBusy: boolean; isChanged: boolean; errors: ServiceErrors; status: string | null };

type Props = {
  draft: ServiceDraft;
  /** How the row is named to assistive technology: the saved name, or "new service 2". */
  label: string;
  state: RowState;
  onChange: (changes: Partial<ServiceDraft>) => void;
  onSave: () => void;
  onUndo: () => void;
  onToggleActive: () => void;
};

export function serviceInputId(key: string, field: ServiceField): string {
  return `service-${key}-${field}`;
}

function errorIdOf(key: string, field: ServiceField | 'row'): string {
  return `service-${key}-${field}-error`;
}

const FIELDS: { field: ServiceField; label: string; inputMode?: 'numeric' | 'decimal'; placeholder?: string; hint?: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'duration', label: 'Duration (minutes)', inputMode: 'numeric' },
  { field: 'price', label: 'Price (£)', inputMode: 'decimal', placeholder: 'On request' },
  { field: 'deposit', label: 'Deposit (£)', inputMode: 'decimal', placeholder: 'None' },
];

/** One editable service: its fields, then Retire/Restore, or Save/Undo once edited (Add/Cancel for a new row). */
export function ServiceRow({ draft, label, state, onChange, onSave, onUndo, onToggleActive }: Props) {
  const isNew = draft.id === null;
  const isRetired = !draft.isActive;

  function saveOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (state.isChanged && !state.isBusy) onSave();
  }

  return (
    <tr className={`${styles.row} ${isRetired ? styles.retired : ''}`} aria-busy={state.isBusy || undefined}>
      {FIELDS.map(({ field, label: fieldLabel, inputMode, placeholder }) => {
        const id = serviceInputId(draft.key, field);
        const error = state.errors[field];
        return (
          <td key={field} className={styles[`cell-${field}`]}>
            <label htmlFor={id} className={styles.cellLabel}>
              {fieldLabel} <span className={styles.cellLabelOf}>of {label}</span>
            </label>
            <input
              id={id}
              className={`input ${styles.input}`}
              value={draft[field]}
              inputMode={inputMode}
              placeholder={placeholder}
              autoComplete="off"
              disabled={isRetired || state.isBusy}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorIdOf(draft.key, field) : undefined}
              onChange={(event) => onChange({ [field]: event.target.value })}
              onKeyDown={saveOnEnter}
            />
            {error && (
              <p id={errorIdOf(draft.key, field)} className={styles.fieldError}>
                {error}
              </p>
            )}
          </td>
        );
      })}
      <td className={styles.statusCell}>
        {isRetired ? <span className="badge badge-warning">Retired</span> : isNew ? <span className="badge badge-brand">New</span> : <span className="badge badge-ok">Offered</span>}
      </td>
      <td className={styles.actionsCell}>
        <div className={styles.actions}>
          {isNew ? (
            <>
              <button type="button" className="button button-primary button-small" disabled={state.isBusy} onClick={onSave}>
                {state.isBusy ? 'Adding…' : 'Add'}
                <span className="visually-hidden"> {label}</span>
              </button>
              <button type="button" className="button button-ghost button-small" disabled={state.isBusy} onClick={onUndo}>
                Cancel<span className="visually-hidden"> {label}</span>
              </button>
            </>
          ) : state.isChanged && !isRetired ? (
            <>
              <button type="button" className="button button-primary button-small" disabled={state.isBusy} onClick={onSave}>
                {state.isBusy ? 'Saving…' : 'Save'}
                <span className="visually-hidden"> {label}</span>
              </button>
              <button type="button" className="button button-ghost button-small" disabled={state.isBusy} onClick={onUndo}>
                Undo<span className="visually-hidden"> changes to {label}</span>
              </button>
            </>
          ) : (
            <button type="button" className={`button button-small ${isRetired ? 'button-secondary' : 'button-ghost'}`} disabled={state.isBusy} onClick={onToggleActive}>
              {state.isBusy ? (isRetired ? 'Restoring…' : 'Retiring…') : isRetired ? 'Restore' : 'Retire'}
              <span className="visually-hidden"> {label}</span>
            </button>
          )}
        </div>
        {state.errors.row && (
          <p id={errorIdOf(draft.key, 'row')} className={styles.fieldError}>
            {state.errors.row}
          </p>
        )}
        {!state.errors.row && state.status && <p className={styles.rowStatus}>{state.status}</p>}
      </td>
    </tr>
  );
}
