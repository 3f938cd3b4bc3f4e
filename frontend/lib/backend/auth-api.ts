import { interpretReply, requestBackend, type BackendOutcome } from './backend-client';
import { parseProfile, parseSignedInProfile, type Profile, type SignedInProfile } from './profile';

export type Credentials = { email: string; password: string };

export async function logIn(backendUrl: string, credentials: Credentials): Promise<BackendOutcome<SignedInProfile>> {
  const reply = await requestBackend(backendUrl, '/api/v1/auth/login', { method: 'POST', json: credentials });
  return interpretReply(reply, parseSignedInProfile);
}

export async function fetchProfile(backendUrl: string, token: string): Promise<BackendOutcome<Profile>> {
  const reply = await requestBackend(backendUrl, '/api/v1/me', { token });
  return interpretReply(reply, parseProfile);
}
