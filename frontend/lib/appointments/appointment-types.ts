/** The scheduling API's shapes, as `backend/src/modules/scheduling/scheduling.schemas.ts` defines them. */
export type AppointmentStatus = 'booked' | 'confirmed' | 'cancelled' | 'pending_reschedule' | 'completed' | 'no_show';

export type Appointment = {
  id: string;
  patient: { id: string; name: string | null; phone: string };
  service: { id: string; name: string };
  practitioner: { id: string; name: string };
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  source: 'voice' | 'sms' | 'staff' | 'web' | 'api';
  notes: string | null;
  callId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type { ClinicService as Service } from '@/lib/backend/service-dto';

export type AvailableSlot = { startsAt: string; endsAt: string; practitionerId: string; practitionerName: string };

/** `details` of a 400 from the validator. */
export type FieldIssue = { path: string; message: string };
