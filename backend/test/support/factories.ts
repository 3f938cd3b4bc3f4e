import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db';
import { hashPassword } from '../../src/platform/auth/passwords';

export type TestClinic = { id: string; slug: string; name: string };
export type TestUser = { id: string; email: string; password: string; name: string };

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

export async function makeClinic(db: Queryable, overrides: Partial<{ slug: string; name: string }> = {}): Promise<TestClinic> {
  const n = next();
  const slug = overrides.slug ?? `clinic-${n}-${randomUUID().slice(0, 8)}`;
  const name = overrides.name ?? `Test Clinic ${n}`;
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO clinics (slug, name) VALUES ($1, $2) RETURNING id',
    [slug, name],
  );
  return { id: rows[0]!.id, slug, name };
}

// Hashing is deliberately slow; tests share one hash for their common password.
const DEFAULT_PASSWORD = 'correct horse battery staple';
let defaultHash: Promise<string> | undefined;

export async function makeUser(
  db: Queryable,
  options: { memberships?: { clinicId: string; role: 'owner' | 'staff' | 'admin' }[]; isPlatformAdmin?: boolean; email?: string } = {},
): Promise<TestUser> {
  const n = next();
  const email = options.email ?? `user${n}-${randomUUID().slice(0, 6)}@example.test`;
  defaultHash ??= hashPassword(DEFAULT_PASSWORD);
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, $4) RETURNING id',
    [email, `User ${n}`, await defaultHash, options.isPlatformAdmin ?? false],
  );
  const id = rows[0]!.id;
  for (const membership of options.memberships ?? []) {
    await db.query('INSERT INTO memberships (user_id, clinic_id, role) VALUES ($1, $2, $3)', [
      id,
      membership.clinicId,
      membership.role,
    ]);
  }
  return { id, email, password: DEFAULT_PASSWORD, name: `User ${n}` };
}
