'use client';

import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import { isLive, sourceLabel, statusLabel, statusTone } from '@/lib/appointments/appointment-status';
import type { Appointment } from '@/lib/appointments/appointment-types';
import { formatDateTime, formatDay, formatTime, maskPhone } from '@/lib/format';
import { Modal } from './modal';
import styles from './appointments.module.css';

type AppointmentDetailProps = {
  appointment: Appointment;
  clinicId: string;
  timeZone: string;
  isBusy: boolean;
  error: string | null;
  onClose: () => void;
  onMove: () => void;
  onCancel: () => void;
  onConfirm: () => void;
};

export function AppointmentDetail({ appointment, clinicId, timeZone, isBusy, error, onClose, onMove, onCancel, onConfirm }: AppointmentDetailProps) {
  const live = isLive(appointment.status);
  return (
    <Modal title={appointment.patient.name ?? 'Appointment'} onClose={onClose} size="small">
      <dl className={styles.detailList}>
        <div>
          <dt>When</dt>
          <dd>
            {formatDay(appointment.startsAt, timeZone)}, {formatTime(appointment.startsAt, timeZone)}–{formatTime(appointment.endsAt, timeZone)}
          </dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>{appointment.service.name}</dd>
        </div>
        <div>
          <dt>With</dt>
          <dd>{appointment.practitioner.name}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge tone={statusTone(appointment.status)}>{statusLabel(appointment.status)}</StatusBadge>
          </dd>
        </div>
        <div>
          <dt>Patient</dt>
          <dd>{appointment.patient.name ?? 'Name not given'}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>
            <span aria-label={`Phone ending ${appointment.patient.phone.slice(-4)}`}>{maskPhone(appointment.patient.phone)}</span>
          </dd>
        </div>
        <div>
          <dt>Booked via</dt>
          <dd>
            {sourceLabel(appointment.source)}
            {appointment.callId && (
              <>
                {' · '}
                <Link href={`/clinics/${clinicId}/calls/${appointment.callId}`}>View the call</Link>
              </>
            )}
          </dd>
        </div>
        {appointment.notes && (
          <div>
            <dt>Notes</dt>
            <dd className={styles.notes}>{appointment.notes}</dd>
          </div>
        )}
        <div>
          <dt>Booked on</dt>
          <dd>{formatDateTime(appointment.createdAt, timeZone)}</dd>
        </div>
      </dl>
      {error && (
        <p className={styles.formAlert} role="alert">
          {error}
        </p>
      )}
      {live ? (
        <div className={styles.dialogActions}>
          {appointment.status !== 'confirmed' && (
            <button type="button" className="button button-secondary" onClick={onConfirm} disabled={isBusy}>
              Mark confirmed
            </button>
          )}
          <button type="button" className="button button-secondary" onClick={onMove} disabled={isBusy}>
            Move
          </button>
          <button type="button" className="button button-danger" onClick={onCancel} disabled={isBusy}>
            Cancel appointment
          </button>
        </div>
      ) : (
        <p className="muted">A {statusLabel(appointment.status).toLowerCase()} appointment cannot be changed; book a new one instead.</p>
      )}
    </Modal>
  );
}
