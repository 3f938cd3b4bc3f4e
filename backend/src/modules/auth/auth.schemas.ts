import { z } from 'zod';

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email('must be an email address')),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Membership = z.object({
  clinicId: z.uuid(),
  clinicName: z.string(),
  role: z.enum(['owner', 'staff', 'admin']),
});
export type Membership = z.infer<typeof Membership>;

export const PublicUser = z.object({ id: z.uuid(), email: z.string(), name: z.string() });
export type PublicUser = z.infer<typeof PublicUser>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: PublicUser,
  memberships: z.array(Membership),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({ user: PublicUser, memberships: z.array(Membership) });
export type MeResponse = z.infer<typeof MeResponse>;
