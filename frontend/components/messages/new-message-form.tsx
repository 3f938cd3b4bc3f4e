'use client';

import { useId, useState, type FormEvent } from 'react';
import { parsePhoneInput } from '@/lib/messages/phone-input';
import type { PatientContact } from '@/lib/messages/threads';
import styles from './messages.module.css';

/** Picks the number; the conversation view (empty for a new number) then takes the text. */
export function NewMessageForm({ patients, onStart, onBack }: { patients: PatientContact[]; onStart: (phone: string) => void; onBack: () => void }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const byName = patients.find((patient) => patient.name && patient.name.toLowerCase() === value.trim().toLowerCase());
    const parsed = byName ? ({ ok: true, e164: byName.phone } as const) : parsePhoneInput(value);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    onStart(parsed.e164);
  }

  return (
    <form className={styles.newMessage} onSubmit={submit} noValidate>
      <button type="button" className={`button button-ghost button-small ${styles.backButton}`} onClick={onBack}>
        ← Conversations
      </button>
      <h2>New message</h2>
      <div className="field">
        <label htmlFor={`${id}-to`}>To (phone number or patient name)</label>
        <input
          id={`${id}-to`}
          className="input"
          type="text"
          inputMode="tel"
          autoComplete="off"
          list={`${id}-patients`}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          autoFocus
        />
        <datalist id={`${id}-patients`}>
          {patients.map((patient) => (
            <option key={patient.id} value={patient.phone}>
              {patient.name ?? patient.phone}
            </option>
          ))}
        </datalist>
        <p id={`${id}-hint`} className="muted">
          UK numbers like 07700 900123, or international with + and the country code.
        </p>
        {error && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary">
        Continue
      </button>
    </form>
  );
}
