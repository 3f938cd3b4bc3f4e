import { z } from 'zod';
import { APPOINTMENT_STATUSES } from './appointment-status';

/** Longest availability or appointment-list window, in days. */
export const MAX_RANGE_DAYS = 31;
const MAX_RANGE_MS = MAX_RANGE_DAYS * 24 * 60 * 60 * 1000;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const partOfDay = z.enum(['morning', 'afternoon', 'evening']);
const status = z.enum(APPOINTMENT_STATUSES);

function isWithinRange(value: { from?: Date; to?: Date }): boolean {
  if (!value.from || !value.to) return true;
  const span = value.to.getTime() - value.from.getTime();
  return span > 0 && span <= MAX_RANGE_MS;
}
const RANGE_MESSAGE = `to must be after from, at most ${MAX_RANGE_DAYS} days later`;

export const AvailabilityQuery = z
  .object({
    serviceId: z.uuid(),
    from: instant.optional(),
    to: instant.optional(),
    practitionerId: z.uuid().optional(),
    partOfDay: partOfDay.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strip()
  .refine(isWithinRange, { message: RANGE_MESSAGE, path: ['to'] });
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

export const AppointmentListQuery = z
  .object({ from: instant.optional(), to: instant.optional(), status: status.optional() })
  .strip()
  .refine((value) => !value.from || !value.to || value.to > value.from, { message: 'to must be after from', path: ['to'] });
export type AppointmentListQuery = z.infer<typeof AppointmentListQuery>;

export const AppointmentCreate = z
  .object({
    patientId: z.uuid().optional(),
    patientPhone: z.string().trim().min(3).max(40).optional(),
    patientName: z.string().trim().min(1).max(200).optional(),
    serviceId: z.uuid(),
    startsAt: instant,
    practitionerId: z.uuid().optional(),
    notes: z.string().trim().max(2_000).optional(),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((value) => value.patientId !== undefined || value.patientPhone !== undefined, {
    message: 'patientId or patientPhone is required',
    path: ['patientId'],
  });
export type AppointmentCreate = z.infer<typeof AppointmentCreate>;

export const AppointmentPatch = z
  .object({ status: status.optional(), startsAt: instant.optional(), practitionerId: z.uuid().optional() })
  .strict()
  .refine((value) => value.status !== undefined || value.startsAt !== undefined, 'status or startsAt is required');
export type AppointmentPatch = z.infer<typeof AppointmentPatch>;

export const ServiceListQuery = z
  .object({ includeInactive: z.enum(['true', 'false']).transform((value) => value === 'true').default(false) })
  .strip();
export type ServiceListQuery = z.infer<typeof ServiceListQuery>;

const serviceFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1_000).nullable(),
  durationMinutes: z.number().int().min(5).max(600),
  /** Minor units (pence); null: the price is set at a consultation. */
  priceMinor: z.number().int().min(0).max(100_000_000).nullable(),
  depositMinor: z.number().int().min(0).max(100_000_000),
  practitionerIds: z.array(z.uuid()).max(200).transform((ids) => [...new Set(ids)]),
};

function isDepositWithinPrice(value: { priceMinor?: number | null; depositMinor?: number }): boolean {
  const { priceMinor, depositMinor } = value;
  // An invalid price already has its own issue (refinements run on the raw values too).
  if (depositMinor === undefined || priceMinor === undefined || priceMinor === null || priceMinor < 0) return true;
  return depositMinor <= priceMinor;
}
const DEPOSIT_MESSAGE = 'must not be more than the price';

export const ServiceCreate = z
  .object({
    name: serviceFields.name,
    description: serviceFields.description.optional(),
    durationMinutes: serviceFields.durationMinutes,
    priceMinor: serviceFields.priceMinor,
    depositMinor: serviceFields.depositMinor.default(0),
    practitionerIds: serviceFields.practitionerIds.optional(),
  })
  .strict()
  .refine(isDepositWithinPrice, { message: DEPOSIT_MESSAGE, path: ['depositMinor'] });
export type ServiceCreate = z.infer<typeof ServiceCreate>;

export const ServicePatch = z
  .object({
    name: serviceFields.name.optional(),
    description: serviceFields.description.optional(),
    durationMinutes: serviceFields.durationMinutes.optional(),
    priceMinor: serviceFields.priceMinor.optional(),
    depositMinor: serviceFields.depositMinor.optional(),
    practitionerIds: serviceFields.practitionerIds.optional(),
    isActive: z.boolean().optional(),
  })
  .strict()
  .refine((value) => Object.values(value).some((field) => field !== undefined), 'at least one field is required')
  .refine(isDepositWithinPrice, { message: DEPOSIT_MESSAGE, path: ['depositMinor'] });
export type ServicePatch = z.infer<typeof ServicePatch>;

export const Service = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  durationMinutes: z.number(),
  priceMinor: z.number().nullable(),
  currency: z.string(),
  depositMinor: z.number(),
  isActive: z.boolean(),
  practitioners: z.array(z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable() })),
});
export type Service = z.infer<typeof Service>;

export const AvailableSlot = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  practitionerId: z.uuid(),
  practitionerName: z.string(),
});
export type AvailableSlot = z.infer<typeof AvailableSlot>;

export const Appointment = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string() }),
  service: z.object({ id: z.uuid(), name: z.string() }),
  practitioner: z.object({ id: z.uuid(), name: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  status,
  source: z.enum(['voice', 'sms', 'staff', 'web', 'api']),
  notes: z.string().nullable(),
  /** The call it was booked on (voice bookings), for a link to that call. */
  callId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;
