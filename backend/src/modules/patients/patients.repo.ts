import type { Queryable } from '../../platform/db';

export type PatientRecord = {
  id: string;
  name: string | null;
  phone: string;
  email: string | null;
  smsOptedOutAt: Date | null;
  createdAt: Date;
};

type PatientRow = {
  id: string;
  name: string | null;
  phone_e164: string;
  email: string | null;
  sms_opted_out_at: Date | null;
  created_at: Date;
};

const PATIENT_COLUMNS = 'id, name, phone_e164, email, sms_opted_out_at, created_at';

function toPatient(row: PatientRow): PatientRecord {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone_e164,
    email: row.email,
    smsOptedOutAt: row.sms_opted_out_at,
    createdAt: row.created_at,
  };
}

export type NextAppointmentRecord = {
  id: string;
  startsAt: Date;
  serviceId: string;
  serviceName: string;
  practitionerName: string;
  status: 'booked' | 'confirmed' | 'pending_reschedule';
};

export function createPatientsRepo(db: Queryable) {
  return {
    async findClinicCountry(clinicId: string): Promise<string | undefined> {
      const { rows } = await db.query<{ country_code: string }>('SELECT country_code FROM clinics WHERE id = $1', [clinicId]);
      return rows[0]?.country_code;
    },

    /** One statement, so concurrent callers with the same number end up with the same patient. */
    async upsertByPhone(clinicId: string, phoneE164: string, details: { name?: string; email?: string }): Promise<PatientRecord> {
      const { rows } = await db.query<PatientRow>(
        `INSERT INTO patients (clinic_id, phone_e164, name, email) VALUES ($1, $2, $3, $4)
         ON CONFLICT (clinic_id, phone_e164) DO UPDATE
            SET name = COALESCE(EXCLUDED.name, patients.name),
                email = COALESCE(EXCLUDED.email, patients.email),
                updated_at = now()
         RETURNING ${PATIENT_COLUMNS}`,
        [clinicId, phoneE164, details.name ?? null, details.email ?? null],
      );
      return toPatient(rows[0]!);
    },

    /**
     * Records an opt-out (keeping the first one's time) or clears it, for the patient with this
     * number; a number that is no patient yet has nothing to record.
     */
    async setSmsOptOut(clinicId: string, phoneE164: string, optedOutAt: Date | null): Promise<void> {
      await db.query(
        // Only a change is written: a repeated STOP keeps the first opt-out's time.
        `UPDATE patients SET sms_opted_out_at = $3::timestamptz, updated_at = now()
          WHERE clinic_id = $1 AND phone_e164 = $2 AND (sms_opted_out_at IS NULL) <> ($3::timestamptz IS NULL)`,
        [clinicId, phoneE164, optedOutAt],
      );
    },

    async findByPhone(clinicId: string, phoneE164: string): Promise<PatientRecord | undefined> {
      const { rows } = await db.query<PatientRow>(
        `SELECT ${PATIENT_COLUMNS} FROM patients WHERE clinic_id = $1 AND phone_e164 = $2`,
        [clinicId, phoneE164],
      );
      return rows[0] ? toPatient(rows[0]) : undefined;
    },

    async findById(clinicId: string, patientId: string): Promise<PatientRecord | undefined> {
      const { rows } = await db.query<PatientRow>(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE clinic_id = $1 AND id = $2`, [
        clinicId,
        patientId,
      ]);
      return rows[0] ? toPatient(rows[0]) : undefined;
    },

    /** Name or email containing `query`, or phone containing its digits; newest first. */
    async search(clinicId: string, query: string | undefined, limit: number): Promise<PatientRecord[]> {
      const text = query?.trim() ?? '';
      const digits = text.replace(/\D/g, '');
      const { rows } = await db.query<PatientRow>(
        `SELECT ${PATIENT_COLUMNS} FROM patients
          WHERE clinic_id = $1
            AND ($2 = '' OR name ILIKE '%' || $3 || '%' OR email ILIKE '%' || $3 || '%'
                 OR ($4 <> '' AND phone_e164 LIKE '%' || $4 || '%'))
          ORDER BY created_at DESC, id
          LIMIT $5`,
        [clinicId, text, text.replace(/[\\%_]/g, '\\$&'), digits, limit],
      );
      return rows.map(toPatient);
    },

    async hasPastVisit(clinicId: string, patientId: string, now: Date): Promise<boolean> {
      const { rows } = await db.query<{ found: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM appointments
            WHERE clinic_id = $1 AND patient_id = $2 AND starts_at < $3 AND status NOT IN ('cancelled', 'no_show')
         ) AS found`,
        [clinicId, patientId, now],
      );
      return rows[0]?.found ?? false;
    },

    async findNextAppointment(clinicId: string, patientId: string, now: Date): Promise<NextAppointmentRecord | undefined> {
      const { rows } = await db.query<{
        id: string;
        starts_at: Date;
        service_id: string;
        service_name: string;
        practitioner_name: string;
        status: NextAppointmentRecord['status'];
      }>(
        `SELECT a.id, a.starts_at, a.service_id, a.status, s.name AS service_name, p.name AS practitioner_name
           FROM appointments a
           JOIN services s ON s.clinic_id = a.clinic_id AND s.id = a.service_id
           JOIN practitioners p ON p.clinic_id = a.clinic_id AND p.id = a.practitioner_id
          WHERE a.clinic_id = $1 AND a.patient_id = $2 AND a.starts_at >= $3
            AND a.status IN ('booked', 'confirmed', 'pending_reschedule')
          ORDER BY a.starts_at
          LIMIT 1`,
        [clinicId, patientId, now],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id,
        startsAt: row.starts_at,
        serviceId: row.service_id,
        serviceName: row.service_name,
        practitionerName: row.practitioner_name,
        status: row.status,
      };
    },
  };
}

export type PatientsRepo = ReturnType<typeof createPatientsRepo>;
