export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'cancelled', 'pending_reschedule', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold the practitioner's time (the `appointments_no_overlap` constraint's set). */
export const LIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed', 'pending_reschedule'];

// Cancelled, completed and no-show are final: a cancelled slot may already belong to someone else,
// so reviving it would double-book; a new booking is the way back.
const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['confirmed', 'cancelled', 'pending_reschedule', 'completed', 'no_show'],
  confirmed: ['cancelled', 'pending_reschedule', 'completed', 'no_show'],
  pending_reschedule: ['booked', 'confirmed', 'cancelled'],
  cancelled: [],
  completed: [],
  no_show: [],
};

/** Whether an appointment may move from one status to another; staying put is always allowed. */
export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function isLive(status: AppointmentStatus): boolean {
  return LIVE_STATUSES.includes(status);
}
