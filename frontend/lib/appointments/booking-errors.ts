import type { AvailableSlot, FieldIssue } from './appointment-types';

export type BookingFailure = {
  /** One sentence for the top of the form. */
  message: string;
  /** Messages for the form's own fields, by field name. */
  fields: Partial<Record<BookingField, string>>;
  /** Free slots the backend offers instead (a taken slot, a time outside hours). */
  alternatives: AvailableSlot[];
};

export type BookingField = 'serviceId' | 'startsAt' | 'patientName' | 'patientPhone' | 'notes';

const FIELD_BY_PATH: Record<string, BookingField> = {
  serviceId: 'serviceId',
  startsAt: 'startsAt',
  practitionerId: 'startsAt',
  patientName: 'patientName',
  patientPhone: 'patientPhone',
  patientId: 'patientPhone',
  notes: 'notes',
};

function isIssue(value: unknown): value is FieldIssue {
  return typeof value === 'object' && value !== null && typeof (value as FieldIssue).path === 'string' && typeof (value as FieldIssue).message === 'string';
}

function isSlot(value: unknown): value is AvailableSlot {
  return typeof value === 'object' && value !== null && typeof (value as AvailableSlot).startsAt === 'string' && typeof (value as AvailableSlot).practitionerId === 'string';
}

/** What a failed booking or move means for the form: the backend's 400 issues and 409 alternatives. */
export function describeBookingFailure(error: { status: number; code: string; message: string; details?: unknown }): BookingFailure {
  const fields: BookingFailure['fields'] = {};
  if (Array.isArray(error.details)) {
    for (const issue of error.details.filter(isIssue)) {
      const field = FIELD_BY_PATH[issue.path.split('.')[0] ?? ''];
      if (field && !fields[field]) fields[field] = issue.message;
    }
  } else if (/phone/i.test(error.message) && error.status === 400) {
    fields.patientPhone = error.message.replace(/^Invalid phone:\s*/i, '');
  }
  const nextSlots = (error.details as { nextSlots?: unknown } | undefined)?.nextSlots;
  const alternatives = Array.isArray(nextSlots) ? nextSlots.filter(isSlot) : [];
  const sentence = error.message.replace(/\.$/, '');
  let message = error.message;
  if (alternatives.length > 0 || (error.status === 409 && error.code === 'CONFLICT')) {
    message = `${sentence}. Choose another time; the free times are up to date.`;
  } else if (error.status === 403) {
    message = 'You do not have permission to change appointments at this clinic.';
  }
  return { message, fields, alternatives };
}
