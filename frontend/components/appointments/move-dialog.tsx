'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '@/lib/client/api';
import { describeBookingFailure } from '@/lib/appointments/booking-errors';
import type { Appointment, Service } from '@/lib/appointments/appointment-types';
import { toLocalParts, type LocalDate } from '@/lib/appointments/calendar';
import { formatDay, formatTime } from '@/lib/format';
import { Modal } from './modal';
import { SlotPicker } from './slot-picker';
import { useSlotChoice } from './use-slot-choice';
import styles from './appointments.module.css';

type MoveDialogProps = {
  appointment: Appointment;
  service: Service | undefined;
  clinicId: string;
  timeZone: string;
  today: LocalDate;
  onClose: () => void;
  onMoved: (appointment: Appointment) => void;
};

export function MoveDialog({ appointment, service, clinicId, timeZone, today, onClose, onMoved }: MoveDialogProps) {
  const current = toLocalParts(appointment.startsAt, timeZone).date;
  const slotChoice = useSlotChoice(current < today ? today : current);
  const { slot, date } = slotChoice;
  const [error, setError] = useState<string | null>(null);
  const [slotError, setSlotError] = useState<string | undefined>();
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!slot) {
      setSlotError('Choose a new time.');
      return;
    }
    setSlotError(undefined);
    setIsSubmitting(true);
    try {
      const moved = await api<Appointment>(`/clinics/${clinicId}/appointments/${appointment.id}`, {
        method: 'PATCH',
        json: { startsAt: slot.startsAt, practitionerId: slot.practitionerId },
      });
      onMoved(moved);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const failure = describeBookingFailure(caught);
        setError(failure.message);
        slotChoice.refused(failure, caught);
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <Modal title="Move appointment" onClose={onClose}>
      <form className={styles.form} onSubmit={submit} noValidate>
        <p>
          {appointment.service.name} for {appointment.patient.name ?? 'the patient'}, now {formatDay(appointment.startsAt, timeZone)} at{' '}
          {formatTime(appointment.startsAt, timeZone)}. Moving it sets it back to booked, to be confirmed again.
        </p>
        {error && (
          <p className={styles.formAlert} role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="move-date">New date</label>
          <input
            id="move-date"
            className="input"
            type="date"
            min={today}
            value={date}
            onChange={(event) => slotChoice.pickDay(event.target.value)}
          />
        </div>
        <SlotPicker
          clinicId={clinicId}
          timeZone={timeZone}
          serviceId={appointment.service.id}
          date={date}
          value={slot?.startsAt ?? null}
          onChange={slotChoice.choose}
          offered={slotChoice.offered}
          showPractitioner={(service?.practitioners.length ?? 1) > 1}
          error={slotError}
          refreshKey={slotChoice.refreshKey}
        />
        <div className={styles.dialogActions}>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Keep current time
          </button>
          <button type="submit" className="button button-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Moving…' : 'Move appointment'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
