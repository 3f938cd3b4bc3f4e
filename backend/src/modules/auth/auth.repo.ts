import type { Queryable } from '../../platform/db';
import type { Role } from '../../platform/http/request-context';

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  isPlatformAdmin: boolean;
};

export type MembershipRecord = { clinicId: string; clinicName: string; role: Role };

type UserRow = {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  is_platform_admin: boolean;
};

const USER_COLUMNS = 'id, email, name, password_hash, is_platform_admin';

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    isPlatformAdmin: row.is_platform_admin,
  };
}

export function createAuthRepo(db: Queryable) {
  async function findOne(where: string, value: string): Promise<UserRecord | undefined> {
    const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE ${where} LIMIT 1`, [value]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  return {
    findUserByEmail: (email: string) => findOne('lower(email) = lower($1)', email),
    findUserById: (id: string) => findOne('id = $1', id),
    findUserByExternalId: (externalId: string) => findOne('external_auth_id = $1', externalId),

    /** Links a Supabase user to the Voxanne user with the same email, once. */
    async linkExternalId(userId: string, externalId: string): Promise<void> {
      await db.query(
        'UPDATE users SET external_auth_id = $2, updated_at = now() WHERE id = $1 AND external_auth_id IS NULL',
        [userId, externalId],
      );
    },

    async recordLogin(userId: string): Promise<void> {
      await db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
    },

    /** Platform admins hold the admin role on every clinic; everyone else their memberships. */
    async listMemberships(user: Pick<UserRecord, 'id' | 'isPlatformAdmin'>): Promise<MembershipRecord[]> {
      const { rows } = user.isPlatformAdmin
        ? await db.query<{ clinic_id: string; clinic_name: string; role: Role }>(
            `SELECT id AS clinic_id, name AS clinic_name, 'admin' AS role FROM clinics ORDER BY name, id`,
          )
        : await db.query<{ clinic_id: string; clinic_name: string; role: Role }>(
            `SELECT m.clinic_id, c.name AS clinic_name, m.role
               FROM memberships m JOIN clinics c ON c.id = m.clinic_id
              WHERE m.user_id = $1
              ORDER BY c.name, c.id`,
            [user.id],
          );
      return rows.map((row) => ({ clinicId: row.clinic_id, clinicName: row.clinic_name, role: row.role }));
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
