export type User = { id: string; email: string; name: string };
export type Membership = { clinicId: string; clinicName: string; role: string };
export type Profile = { user: User; memberships: Membership[] };
export type SignedInProfile = Profile & { token: string };

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function parseUser(value: unknown): User | null {
  if (!isRecord(value) || !isString(value.email)) return null;
  const id = value.id;
  if (!isString(id) && typeof id !== 'number') return null;
  return { id: String(id), email: value.email, name: isString(value.name) ? value.name : value.email };
}

function parseMembership(value: unknown): Membership | null {
  if (!isRecord(value) || !isString(value.clinicName) || !isString(value.role)) return null;
  const clinicId = value.clinicId;
  if (!isString(clinicId) && typeof clinicId !== 'number') return null;
  return { clinicId: String(clinicId), clinicName: value.clinicName, role: value.role };
}

/** Copies only the fields the dashboard shows, so nothing else from the backend reaches the browser. */
export function parseProfile(body: unknown): Profile | null {
  if (!isRecord(body)) return null;
  const user = parseUser(body.user);
  if (!user || !Array.isArray(body.memberships)) return null;
  const memberships = body.memberships.map(parseMembership);
  if (memberships.some((membership) => membership === null)) return null;
  return { user, memberships: memberships as Membership[] };
}

export function parseSignedInProfile(body: unknown): SignedInProfile | null {
  const profile = parseProfile(body);
  if (!profile || !isRecord(body) || !isString(body.token) || body.token === '') return null;
  return { ...profile, token: body.token };
}
