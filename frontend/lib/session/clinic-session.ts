import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { serverGet } from '@/lib/backend/server-api';
import type { BackendError } from '@/lib/backend/backend-client';
import { parseProfile, type User } from '@/lib/backend/profile';
import { EXPIRED_SESSION_PATH } from './expired-session';
import { SESSION_COOKIE_NAME } from './session-cookie';

export type Role = 'owner' | 'staff' | 'admin';

export type ClinicSummary = { id: string; name: string; timezone: string; role: Role; phoneNumbers: string[] };

export type ClinicSession =
  | { kind: 'ready'; user: User; clinic: ClinicSummary; clinics: ClinicSummary[] }
  | { kind: 'unavailable'; error: BackendError };

function parseClinics(body: unknown): ClinicSummary[] | null {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return null;
  return items.map((item: Record<string, unknown>) => ({
    id: String(item.id),
    name: String(item.name),
    timezone: typeof item.timezone === 'string' ? item.timezone : 'UTC',
    role: (item.role === 'owner' || item.role === 'admin' ? item.role : 'staff') as Role,
    phoneNumbers: Array.isArray(item.phoneNumbers) ? item.phoneNumbers.map(String) : [],
  }));
}

/**
 * What every clinic page needs: who is signed in and which of their clinics this is. Sends the
 * signed-out to sign-in, the expired through the cookie-clearing route, and answers 404 for a
 * clinic the user is no member of (the backend would too).
 */
export async function loadClinicSession(clinicId: string): Promise<ClinicSession> {
  if (!(await cookies()).get(SESSION_COOKIE_NAME)?.value) redirect('/');
  const [me, clinics] = await Promise.all([serverGet('/me', parseProfile), serverGet('/clinics', parseClinics)]);
  for (const outcome of [me, clinics]) {
    if (outcome.kind === 'rejected' && outcome.status === 401) {
      redirect(EXPIRED_SESSION_PATH);
    }
    if (outcome.kind !== 'ok') return { kind: 'unavailable', error: outcome.error };
  }
  if (me.kind !== 'ok' || clinics.kind !== 'ok') throw new Error('unreachable');
  const clinic = clinics.value.find((candidate) => candidate.id === clinicId);
  if (!clinic) notFound();
  return { kind: 'ready', user: me.value.user, clinic, clinics: clinics.value };
}

export function canManage(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
