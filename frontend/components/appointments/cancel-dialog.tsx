'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/client/api';
import type { Appointment } from '@/lib/appointments/appointment-types';
import { formatDay, formatTime } from '@/lib/format';
import { Modal } from './modal';
import styles from './appointments.module.css';

type CancelDialogProps = {
  appointment: Appointment;
  clinicId: string;
  timeZone: string;
  onClose: () => void;
  onCancelled: (appointment: Appointment) => void;
};

export function CancelDialog({ appointment, clinicId, timeZone, onClose, onCancelled }: CancelDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function cancel() {
    setError(null);
    setIsSubmitting(true);
    try {
      onCancelled(await api<Appointment>(`/clinics/${clinicId}/appointments/${appointment.id}`, { method: 'PATCH', json: { status: 'cancelled' } }));
    } catch (caught) {
      setError(errorMessage(caught));
      setIsSubmitting(false);
    }
  }

  return (
    <Modal title="Cancel this appointment?" onClose={onClose} size="small">
      <p>
        {appointment.service.name} for {appointment.patient.name ?? 'the patient'} on {formatDay(appointment.startsAt, timeZone)} at{' '}
        {formatTime(appointment.startsAt, timeZone)}. The time becomes free for others; a cancelled appointment cannot be restored.
      </p>
      {error && (
        <p className={styles.formAlert} role="alert">
          {error}
        </p>
      )}
      <div className={styles.dialogActions}>
        <button type="button" className="button button-secondary" onClick={onClose} autoFocus>
          Keep appointment
        </button>
        <button type="button" className="button button-danger" onClick={cancel} disabled={isSubmitting}>
          {isSubmitting ? 'Cancelling…' : 'Yes, cancel it'}
        </button>
      </div>
    </Modal>
  );
}
