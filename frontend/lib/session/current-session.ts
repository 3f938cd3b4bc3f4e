import { fetchProfile } from '@/lib/backend/auth-api';
import type { BackendError } from '@/lib/backend/backend-client';
import type { Profile } from '@/lib/backend/profile';

export type CurrentSession =
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; profile: Profile }
  | { kind: 'token-rejected' }
  | { kind: 'unverifiable'; error: BackendError };

/** Only a 401 ends the session; an unreachable backend must not sign everyone out. */
export async function loadCurrentSession(backendUrl: string, token: string | undefined): Promise<CurrentSession> {
  if (!token) return { kind: 'signed-out' };
  const outcome = await fetchProfile(backendUrl, token);
  if (outcome.kind === 'ok') return { kind: 'signed-in', profile: outcome.value };
  if (outcome.kind === 'rejected' && outcome.status === 401) return { kind: 'token-rejected' };
  return { kind: 'unverifiable', error: outcome.error };
}
