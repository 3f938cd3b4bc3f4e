'use client';

import { useEffect, useState } from 'react';
import { api, errorMessage } from '@/lib/client/api';
import { dateRangeInstants, type LocalDate } from '@/lib/appointments/calendar';
import type { AvailableSlot } from '@/lib/appointments/appointment-types';
import { formatDay, formatTime } from '@/lib/format';
import styles from './appointments.module.css';

type SlotPickerProps = {
  clinicId: string;
  timeZone: string;
  serviceId: string;
  date: LocalDate;
  /** `startsAt` of the chosen slot. */
  value: string | null;
  onChange: (slot: AvailableSlot) => void;
  /** Extra choices to show first (the alternatives a 409 offered). */
  offered?: AvailableSlot[];
  showPractitioner: boolean;
  error?: string;
  /** Changing this refetches (after a slot turned out taken). */
  refreshKey?: number;
};

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; slots: AvailableSlot[] };

/** The free start times of one clinic-local day for a service, as a radio group. */
export function SlotPicker({ clinicId, timeZone, serviceId, date, value, onChange, offered = [], showPractitioner, error, refreshKey = 0 }: SlotPickerProps) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { from, to } = dateRangeInstants(date, date, timeZone);
    const query = new URLSearchParams({ serviceId, from: from.toISOString(), to: to.toISOString(), limit: '200' });
    setLoad({ kind: 'loading' });
    api<{ slots: AvailableSlot[] }>(`/clinics/${clinicId}/availability?${query}`, { signal: controller.signal })
      .then((body) => setLoad({ kind: 'ok', slots: body.slots }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', message: errorMessage(caught) });
      });
    return () => controller.abort();
  }, [clinicId, timeZone, serviceId, date, retry, refreshKey]);

  const slots = load.kind === 'ok' ? load.slots : [];
  const extra = offered.filter((slot) => !slots.some((candidate) => candidate.startsAt === slot.startsAt));
  const errorId = `slot-error-${serviceId}`;

  return (
    <fieldset className={styles.slotFieldset} aria-describedby={error ? errorId : undefined} aria-busy={load.kind === 'loading'}>
      <legend>Time</legend>
      {extra.length > 0 && (
        <div className={styles.slotGroup}>
          <p className="muted">Next free times</p>
          <SlotOptions slots={extra} timeZone={timeZone} value={value} onChange={onChange} showPractitioner={showPractitioner} withDay />
        </div>
      )}
      {load.kind === 'loading' && (
        <p className="muted" role="status">
          Finding free times…
        </p>
      )}
      {load.kind === 'error' && (
        <div role="alert" className={styles.inlineError}>
          <span>{load.message}</span>
          <button type="button" className="button button-secondary button-small" onClick={() => setRetry((count) => count + 1)}>
            Try again
          </button>
        </div>
      )}
      {load.kind === 'ok' && slots.length === 0 && <p className="muted">No free times on this day. Choose another date.</p>}
      {load.kind === 'ok' && slots.length > 0 && <SlotOptions slots={slots} timeZone={timeZone} value={value} onChange={onChange} showPractitioner={showPractitioner} />}
      {error && (
        <p id={errorId} className="form-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function SlotOptions(props: { slots: AvailableSlot[]; timeZone: string; value: string | null; onChange: (slot: AvailableSlot) => void; showPractitioner: boolean; withDay?: boolean }) {
  const { slots, timeZone, value, onChange, withDay } = props;
  // Names help only when the day's times are with different people.
  const showPractitioner = props.showPractitioner && new Set(slots.map((slot) => slot.practitionerId)).size > 1;
  return (
    <div className={styles.slotGrid}>
      {slots.map((slot) => {
        const time = formatTime(slot.startsAt, timeZone);
        const day = withDay ? formatDay(slot.startsAt, timeZone) : '';
        return (
          <label key={`${slot.startsAt}-${slot.practitionerId}`} className={styles.slotOption}>
            <input type="radio" name={withDay ? 'offered-slot' : 'slot'} value={slot.startsAt} checked={value === slot.startsAt} onChange={() => onChange(slot)} />
            <span>
              {day && `${day} `}
              {time}
              {showPractitioner && <span className={styles.slotPractitioner}>{slot.practitionerName}</span>}
            </span>
          </label>
        );
      })}
    </div>
  );
}
