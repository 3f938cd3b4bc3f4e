import { z } from 'zod';

export const PatientListQuery = z
  .object({
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strip();
export type PatientListQuery = z.infer<typeof PatientListQuery>;

export const Patient = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string(),
  email: z.string().nullable(),
  smsOptedOut: z.boolean(),
  createdAt: z.string(),
});
export type Patient = z.infer<typeof Patient>;

export const PatientSummary = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string(),
  isReturning: z.boolean(),
  nextAppointment: z
    .object({
      id: z.uuid(),
      startsAt: z.string(),
      serviceId: z.uuid(),
      serviceName: z.string(),
      practitionerName: z.string(),
      status: z.enum(['booked', 'confirmed', 'pending_reschedule']),
    })
    .optional(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;
