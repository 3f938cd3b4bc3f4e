import type { PartOfDay } from './booking-request';
import type { PricedService } from './service-prices';

/** What the engine needs from the other modules; services.ts adapts the real services to it. */
export type ClinicProfile = {
  id: string;
  name: string;
  timezone: string;
  countryCode: string;
  emergencyLine: string | undefined;
  /** Who is texted at once when a patient reports an emergency. */
  onCallNumber: string | undefined;
  safeMode: boolean;
};

export type Slot = { startsAt: Date; endsAt: Date; practitionerId: string; practitionerName: string };

export type ConversationPorts = {
  getClinicProfile(clinicId: string): Promise<ClinicProfile>;
  /** `isLocalOnly`: inside a voice turn, where nothing may call out (keyword search with a remote embedder). */
  searchKnowledge(clinicId: string, query: string, k: number, options?: { isLocalOnly?: boolean }): Promise<{ chunkId: string; content: string }[]>;
  /** The bookable services with their prices. */
  listServices(clinicId: string): Promise<PricedService[]>;
  findSlots(clinicId: string, request: { serviceId: string; day?: string; partOfDay?: PartOfDay; limit: number }): Promise<Slot[]>;
  /** Books, or throws AppError CONFLICT when the slot was just taken. */
  book(
    clinicId: string,
    request: {
      patientPhone: string;
      patientName?: string;
      serviceId: string;
      startsAt: Date;
      practitionerId?: string;
      channel: Channel;
      /** The call the booking is made on, linked for the call log. */
      callId?: string;
      /** A retry with the same key returns the first booking. */
      idempotencyKey?: string;
    },
  ): Promise<{ appointmentId: string }>;
  /** The caller as the clinic knows them, when the channel gives their number. */
  findPatient(
    clinicId: string,
    phone: string,
  ): Promise<{ name: string | null; nextAppointment?: NextAppointment } | undefined>;
  cancelAppointment(clinicId: string, appointmentId: string): Promise<void>;
  /** Moves an appointment, or throws AppError CONFLICT when the new time was just taken. */
  rescheduleAppointment(clinicId: string, appointmentId: string, change: { startsAt: Date; practitionerId: string }): Promise<void>;
  escalate(
    clinicId: string,
    request: {
      kind: EscalationKind;
      severity: 'low' | 'medium' | 'high' | 'critical';
      channel: Channel;
      summary: string;
      patientPhone?: string;
      callId?: string;
      /** One escalation per key: retries and repeated red flags in one call raise it once. */
      idempotencyKey?: string;
    },
  ): Promise<{ escalationId: string; isCreated: boolean }>;
};

export type NextAppointment = {
  id: string;
  startsAt: Date;
  serviceId: string;
  serviceName: string;
  status: 'booked' | 'confirmed' | 'pending_reschedule';
};

export type Channel = 'sms' | 'voice' | 'web';
export type EscalationKind = 'emergency' | 'medical' | 'human' | 'complaint' | 'failure';
