import type { SupabaseAuthConfig } from '@/lib/config';
import { interpretReply, requestBackend, type BackendOutcome } from './backend-client';
import { parseProfile, parseSignedInProfile, type Profile, type SignedInProfile } from './profile';
import { signInWithPassword } from './supabase-auth';

export type Credentials = { email: string; password: string };

export async function logIn(backendUrl: string, credentials: Credentials): Promise<BackendOutcome<SignedInProfile>> {
  const reply = await requestBackend(backendUrl, '/api/v1/auth/login', { method: 'POST', json: credentials });
  return interpretReply(reply, parseSignedInProfile);
}

export async function fetchProfile(backendUrl: string, token: string): Promise<BackendOutcome<Profile>> {
  const reply = await requestBackend(backendUrl, '/api/v1/me', { token });
  return interpretReply(reply, parseProfile);
}

/** A signed-in user with the tokens to keep: Voxanne's own token, or Supabase's access + refresh tokens. */
export type EstablishedSession = SignedInProfile & { refreshToken: string | null };

const NO_CLINIC_ACCESS = {
  code: 'NO_CLINIC_ACCESS',
  message: 'This account is not linked to a Voxanne clinic. Ask the clinic owner to invite you.',
};

/** Signs in where the deployment keeps its users: Supabase Auth when configured, else the backend. */
export async function establishSession(
  backendUrl: string,
  supabase: SupabaseAuthConfig | null,
  credentials: Credentials,
): Promise<BackendOutcome<EstablishedSession>> {
  if (!supabase) {
    const outcome = await logIn(backendUrl, credentials);
    return outcome.kind === 'ok' ? { kind: 'ok', value: { ...outcome.value, refreshToken: null } } : outcome;
  }
  const session = await signInWithPassword(supabase, credentials);
  if (session.kind !== 'ok') return session;
  // The backend maps the Supabase user to a Voxanne user (by its id, else its email).
  const profile = await fetchProfile(backendUrl, session.value.accessToken);
  if (profile.kind === 'rejected' && profile.status === 401) return { kind: 'rejected', status: 403, error: NO_CLINIC_ACCESS, retryAfter: null };
  if (profile.kind !== 'ok') return profile;
  return { kind: 'ok', value: { ...profile.value, token: session.value.accessToken, refreshToken: session.value.refreshToken } };
}
