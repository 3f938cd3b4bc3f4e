'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '@/lib/client/api';
import { describeBookingFailure, type BookingField } from '@/lib/appointments/booking-errors';
import type { Appointment, Service } from '@/lib/appointments/appointment-types';
import type { LocalDate } from '@/lib/appointments/calendar';
import { checkPhoneInput } from '@/lib/appointments/phone-input';
import { Modal } from './modal';
import { SlotPicker } from './slot-picker';
import { useSlotChoice } from './use-slot-choice';
import styles from './appointments.module.css';

type BookingDialogProps = {
  clinicId: string;
  timeZone: string;
  services: Service[];
  initialDate: LocalDate;
  today: LocalDate;
  onClose: () => void;
  onBooked: (appointment: Appointment) => void;
};

const NOTES_MAX = 2_000;

export function BookingDialog({ clinicId, timeZone, services, initialDate, today, onClose, onBooked }: BookingDialogProps) {
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const slotChoice = useSlotChoice(initialDate);
  const { slot, date } = slotChoice;
  const [patientName, setPatientName] = useState('');
  const [patientPhone, setPatientPhone] = useState('');
  const [notes, setNotes] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<BookingField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  // One key per dialog: a double submit or a retried request books once.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const service = services.find((candidate) => candidate.id === serviceId);

  function edited(field: BookingField) {
    setFieldErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  }

  function validate(): Partial<Record<BookingField, string>> {
    const errors: Partial<Record<BookingField, string>> = {};
    if (!service) errors.serviceId = 'Choose a service.';
    if (!slot) errors.startsAt = 'Choose a free time.';
    if (!patientName.trim()) errors.patientName = 'Enter the patient’s name.';
    const phone = checkPhoneInput(patientPhone);
    if (!phone.ok) errors.patientPhone = phone.message;
    if (notes.length > NOTES_MAX) errors.notes = `Keep notes under ${NOTES_MAX} characters.`;
    return errors;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = validate();
    setFieldErrors(errors);
    setFormError(null);
    const phone = checkPhoneInput(patientPhone);
    if (Object.keys(errors).length > 0 || !slot || !phone.ok) {
      focusFirstInvalid(event.currentTarget);
      return;
    }
    setIsSubmitting(true);
    try {
      const appointment = await api<Appointment>(`/clinics/${clinicId}/appointments`, {
        method: 'POST',
        json: {
          serviceId,
          startsAt: slot.startsAt,
          practitionerId: slot.practitionerId,
          patientName: patientName.trim(),
          patientPhone: phone.e164,
          ...(notes.trim() ? { notes: notes.trim() } : {}),
          idempotencyKey,
        },
      });
      onBooked(appointment);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const failure = describeBookingFailure(caught);
        setFormError(failure.message);
        setFieldErrors(failure.fields);
        slotChoice.refused(failure, caught);
      } else {
        setFormError(errorMessage(caught));
      }
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <Modal title="New appointment" onClose={onClose}>
      {services.length === 0 ? (
        <p className="muted">This clinic has no bookable services yet. An owner can add them in the clinic settings.</p>
      ) : (
        <form className={styles.form} onSubmit={submit} noValidate>
          {formError && (
            <p className={styles.formAlert} role="alert">
              {formError}
            </p>
          )}
          <div className={styles.formRow}>
            <div className="field">
              <label htmlFor="booking-service">Service</label>
              <select
                id="booking-service"
                className="select"
                value={serviceId}
                aria-invalid={fieldErrors.serviceId ? true : undefined}
                onChange={(event) => {
                  setServiceId(event.target.value);
                  slotChoice.clear();
                }}
              >
                {services.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name} ({candidate.durationMinutes} min)
                  </option>
                ))}
              </select>
              {fieldErrors.serviceId && <p className="form-error">{fieldErrors.serviceId}</p>}
            </div>
            <div className="field">
              <label htmlFor="booking-date">Date</label>
              <input
                id="booking-date"
                className="input"
                type="date"
                min={today}
                value={date}
                onChange={(event) => slotChoice.pickDay(event.target.value)}
              />
            </div>
          </div>
          {service && (
            <SlotPicker
              clinicId={clinicId}
              timeZone={timeZone}
              serviceId={service.id}
              date={date}
              value={slot?.startsAt ?? null}
              onChange={(chosen) => {
                slotChoice.choose(chosen);
                edited('startsAt');
              }}
              offered={slotChoice.offered}
              showPractitioner={service.practitioners.length > 1}
              error={fieldErrors.startsAt}
              refreshKey={slotChoice.refreshKey}
            />
          )}
          <div className={styles.formRow}>
            <TextField id="booking-name" label="Patient name" value={patientName}
              onChange={(value) => {
                setPatientName(value);
                edited('patientName');
              }} error={fieldErrors.patientName} autoComplete="off" />
            <TextField
              id="booking-phone"
              label="Patient phone"
              value={patientPhone}
              onChange={(value) => {
                setPatientPhone(value);
                edited('patientPhone');
              }}
              error={fieldErrors.patientPhone}
              hint="UK numbers like 07700 900123, or international with +."
              type="tel"
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor="booking-notes">Notes (optional)</label>
            <textarea
              id="booking-notes"
              className="textarea"
              rows={3}
              maxLength={NOTES_MAX}
              value={notes}
              aria-invalid={fieldErrors.notes ? true : undefined}
              aria-describedby={fieldErrors.notes ? 'booking-notes-error' : undefined}
              onChange={(event) => setNotes(event.target.value)}
            />
            {fieldErrors.notes && (
              <p id="booking-notes-error" className="form-error">
                {fieldErrors.notes}
              </p>
            )}
          </div>
          <div className={styles.dialogActions}>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={isSubmitting}>
              {isSubmitting ? 'Booking…' : 'Book appointment'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

type TextFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'tel';
  autoComplete?: string;
};

function TextField({ id, label, value, onChange, error, hint, type = 'text', autoComplete }: TextFieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => {
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby] input');
    target?.focus();
  });
}
