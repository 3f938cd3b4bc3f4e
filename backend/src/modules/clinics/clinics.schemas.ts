import { z } from 'zod';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const ClinicPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London').optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'at least one field is required');
export type ClinicPatch = z.infer<typeof ClinicPatch>;

export const Clinic = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  countryCode: z.string(),
  locale: z.string(),
  phoneNumbers: z.array(z.string()),
  role: z.enum(['owner', 'staff', 'admin']),
});
export type Clinic = z.infer<typeof Clinic>;

export const Member = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'staff', 'admin']),
});
export type Member = z.infer<typeof Member>;
