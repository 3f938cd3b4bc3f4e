import type { Queryable } from '../../platform/db';
import type { Role } from '../../platform/http/request-context';

export type ClinicRecord = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  countryCode: string;
  locale: string;
  phoneNumbers: string[];
};

export type MemberRecord = { userId: string; email: string; name: string; role: Role };

type ClinicRow = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  country_code: string;
  locale: string;
  phone_numbers: string[];
};

const CLINIC_SELECT = `
  SELECT c.id, c.slug, c.name, c.timezone, c.country_code, c.locale,
         COALESCE(array_agg(p.e164 ORDER BY p.e164) FILTER (WHERE p.e164 IS NOT NULL), '{}') AS phone_numbers
    FROM clinics c LEFT JOIN clinic_phone_numbers p ON p.clinic_id = c.id`;

function toClinic(row: ClinicRow): ClinicRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    countryCode: row.country_code,
    locale: row.locale,
    phoneNumbers: row.phone_numbers,
  };
}

export function createClinicsRepo(db: Queryable) {
  return {
    async findById(clinicId: string): Promise<ClinicRecord | undefined> {
      const { rows } = await db.query<ClinicRow>(`${CLINIC_SELECT} WHERE c.id = $1 GROUP BY c.id`, [clinicId]);
      return rows[0] ? toClinic(rows[0]) : undefined;
    },

    async findByIds(clinicIds: string[]): Promise<ClinicRecord[]> {
      if (clinicIds.length === 0) return [];
      const { rows } = await db.query<ClinicRow>(
        `${CLINIC_SELECT} WHERE c.id = ANY($1::uuid[]) GROUP BY c.id ORDER BY c.name, c.id`,
        [clinicIds],
      );
      return rows.map(toClinic);
    },

    async update(clinicId: string, changes: { name?: string; timezone?: string }): Promise<void> {
      await db.query(
        `UPDATE clinics
            SET name = COALESCE($2, name), timezone = COALESCE($3, timezone), updated_at = now()
          WHERE id = $1`,
        [clinicId, changes.name ?? null, changes.timezone ?? null],
      );
    },

    async listMembers(clinicId: string): Promise<MemberRecord[]> {
      const { rows } = await db.query<{ user_id: string; email: string; name: string; role: Role }>(
        `SELECT m.user_id, u.email, u.name, m.role
           FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.clinic_id = $1
          ORDER BY m.role, u.name`,
        [clinicId],
      );
      return rows.map((row) => ({ userId: row.user_id, email: row.email, name: row.name, role: row.role }));
    },
  };
}

export type ClinicsRepo = ReturnType<typeof createClinicsRepo>;
