import type { Queryable } from '../../platform/db';
import type { AuditEntry } from '../audit/audit.repo';
import type { AppointmentStatus } from './appointment-status';
import type { BusyInterval, OpeningHours } from './slots';

export type ServiceRecord = {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  priceMinor: number | null;
  currency: string;
  depositMinor: number;
  isActive: boolean;
  practitioners: { id: string; name: string; title: string | null }[];
};

export type ClinicSchedule = { timezone: string; openingHours: OpeningHours[]; closures: string[] };

export type AppointmentSource = 'voice' | 'sms' | 'staff' | 'web' | 'api';

export type AppointmentRecord = {
  id: string;
  patient: { id: string; name: string | null; phone: string };
  service: { id: string; name: string };
  practitioner: { id: string; name: string };
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  source: AppointmentSource;
  notes: string | null;
  /** The call the appointment was booked on, if any. */
  callId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type ServiceRow = {
  id: string;
  name: string;
  description: string | null;
  duration_minutes: number;
  price_minor: number | null;
  currency: string;
  deposit_minor: number;
  is_active: boolean;
  practitioners: { id: string; name: string; title: string | null }[];
};

type AppointmentRow = {
  id: string;
  patient_id: string;
  patient_name: string | null;
  patient_phone: string;
  service_id: string;
  service_name: string;
  practitioner_id: string;
  practitioner_name: string;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  source: AppointmentSource;
  notes: string | null;
  call_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const SERVICE_SELECT = `
  SELECT s.id, s.name, s.description, s.duration_minutes, s.price_minor, s.currency, s.deposit_minor, s.is_active,
         COALESCE(json_agg(json_build_object('id', p.id, 'name', p.name, 'title', p.title) ORDER BY p.name)
                  FILTER (WHERE p.id IS NOT NULL), '[]') AS practitioners
    FROM services s
    LEFT JOIN practitioner_services ps ON ps.clinic_id = s.clinic_id AND ps.service_id = s.id
    LEFT JOIN practitioners p ON p.clinic_id = ps.clinic_id AND p.id = ps.practitioner_id AND p.is_active`;

const APPOINTMENT_SELECT = `
  SELECT a.id, a.patient_id, pt.name AS patient_name, pt.phone_e164 AS patient_phone,
         a.service_id, s.name AS service_name, a.practitioner_id, pr.name AS practitioner_name,
         a.starts_at, a.ends_at, a.status, a.source, a.notes, a.call_id, a.created_at, a.updated_at
    FROM appointments a
    JOIN patients pt ON pt.clinic_id = a.clinic_id AND pt.id = a.patient_id
    JOIN services s ON s.clinic_id = a.clinic_id AND s.id = a.service_id
    JOIN practitioners pr ON pr.clinic_id = a.clinic_id AND pr.id = a.practitioner_id`;

function toService(row: ServiceRow): ServiceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    durationMinutes: row.duration_minutes,
    priceMinor: row.price_minor,
    currency: row.currency,
    depositMinor: row.deposit_minor,
    isActive: row.is_active,
    practitioners: row.practitioners,
  };
}

function toAppointment(row: AppointmentRow): AppointmentRecord {
  return {
    id: row.id,
    patient: { id: row.patient_id, name: row.patient_name, phone: row.patient_phone },
    service: { id: row.service_id, name: row.service_name },
    practitioner: { id: row.practitioner_id, name: row.practitioner_name },
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    source: row.source,
    notes: row.notes,
    callId: row.call_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewAppointment = {
  patientId: string;
  serviceId: string;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
  source: AppointmentSource;
  notes: string | null;
  idempotencyKey: string | null;
  callId: string | null;
};

export type NewService = {
  name: string;
  description: string | null;
  durationMinutes: number;
  priceMinor: number | null;
  depositMinor: number;
};

export type ServiceChange = Partial<NewService> & { isActive?: boolean };

export function createSchedulingRepo(db: Queryable) {
  async function findAppointment(clinicId: string, appointmentId: string, options: { lock?: boolean } = {}) {
    const { rows } = await db.query<AppointmentRow>(
      `${APPOINTMENT_SELECT} WHERE a.clinic_id = $1 AND a.id = $2${options.lock ? ' FOR UPDATE OF a' : ''}`,
      [clinicId, appointmentId],
    );
    return rows[0] ? toAppointment(rows[0]) : undefined;
  }

  return {
    findAppointment,

    /** Serialises transactions that take the same key, until they end. */
    async lockForTransaction(key: string): Promise<void> {
      await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    },

    /** Active services only unless told: retired ones stay for the appointments that reference them. */
    async listServices(clinicId: string, options: { includeInactive?: boolean } = {}): Promise<ServiceRecord[]> {
      const { rows } = await db.query<ServiceRow>(
        `${SERVICE_SELECT} WHERE s.clinic_id = $1 AND (s.is_active OR $2) GROUP BY s.id ORDER BY s.is_active DESC, s.name`,
        [clinicId, options.includeInactive ?? false],
      );
      return rows.map(toService);
    },

    async insertService(clinicId: string, service: NewService): Promise<string> {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO services (clinic_id, name, description, duration_minutes, price_minor, deposit_minor)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [clinicId, service.name, service.description, service.durationMinutes, service.priceMinor, service.depositMinor],
      );
      return rows[0]!.id;
    },

    /** Applies the given fields; false when the clinic has no such service. */
    async updateService(clinicId: string, serviceId: string, change: ServiceChange): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE services
            SET name = CASE WHEN $3 THEN $4 ELSE name END,
                description = CASE WHEN $5 THEN $6 ELSE description END,
                duration_minutes = COALESCE($7, duration_minutes),
                price_minor = CASE WHEN $8 THEN $9::integer ELSE price_minor END,
                deposit_minor = COALESCE($10, deposit_minor),
                is_active = COALESCE($11, is_active),
                updated_at = now()
          WHERE clinic_id = $1 AND id = $2`,
        [
          clinicId,
          serviceId,
          change.name !== undefined,
          change.name ?? null,
          change.description !== undefined,
          change.description ?? null,
          change.durationMinutes ?? null,
          change.priceMinor !== undefined,
          change.priceMinor ?? null,
          change.depositMinor ?? null,
          change.isActive ?? null,
        ],
      );
      return (rowCount ?? 0) > 0;
    },

    /** Which of these ids are practitioners of the clinic. */
    async findPractitionerIds(clinicId: string, practitionerIds: string[]): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM practitioners WHERE clinic_id = $1 AND id = ANY($2::uuid[])', [
        clinicId,
        practitionerIds,
      ]);
      return rows.map((row) => row.id);
    },

    /** Who performs the service: exactly these practitioners, or every active one of the clinic when `null`. */
    async replaceServicePractitioners(clinicId: string, serviceId: string, practitionerIds: string[] | null): Promise<void> {
      await db.query('DELETE FROM practitioner_services WHERE clinic_id = $1 AND service_id = $2', [clinicId, serviceId]);
      await db.query(
        `INSERT INTO practitioner_services (clinic_id, practitioner_id, service_id)
         SELECT $1, p.id, $2 FROM practitioners p
          WHERE p.clinic_id = $1 AND ($3::uuid[] IS NULL AND p.is_active OR p.id = ANY($3::uuid[]))`,
        [clinicId, serviceId, practitionerIds],
      );
    },

    async findService(clinicId: string, serviceId: string): Promise<ServiceRecord | undefined> {
      const { rows } = await db.query<ServiceRow>(`${SERVICE_SELECT} WHERE s.clinic_id = $1 AND s.id = $2 GROUP BY s.id`, [
        clinicId,
        serviceId,
      ]);
      return rows[0] ? toService(rows[0]) : undefined;
    },

    /** Time zone, opening hours and every closure (a few a year): one statement. */
    async findSchedule(clinicId: string): Promise<ClinicSchedule | undefined> {
      const { rows } = await db.query<{ timezone: string; opening_hours: { weekday: number; opensAt: string; closesAt: string }[]; closures: string[] }>(
        `SELECT c.timezone,
                COALESCE((SELECT json_agg(json_build_object('weekday', h.weekday, 'opensAt', to_char(h.opens_at, 'HH24:MI'),
                                                            'closesAt', to_char(h.closes_at, 'HH24:MI'))
                                          ORDER BY h.weekday, h.opens_at)
                            FROM opening_hours h WHERE h.clinic_id = c.id), '[]'::json) AS opening_hours,
                COALESCE((SELECT json_agg(to_char(x.closed_on, 'YYYY-MM-DD') ORDER BY x.closed_on)
                            FROM clinic_closures x WHERE x.clinic_id = c.id), '[]'::json) AS closures
           FROM clinics c WHERE c.id = $1`,
        [clinicId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { timezone: row.timezone, openingHours: row.opening_hours.map((entry) => ({ ...entry, weekday: Number(entry.weekday) })), closures: row.closures };
    },

    /** Live appointments of these practitioners overlapping [from, to). */
    async findBusy(clinicId: string, practitionerIds: string[], from: Date, to: Date, exceptAppointmentId?: string): Promise<BusyInterval[]> {
      if (practitionerIds.length === 0) return [];
      const { rows } = await db.query<{ practitioner_id: string; starts_at: Date; ends_at: Date }>(
        `SELECT practitioner_id, starts_at, ends_at FROM appointments
          WHERE clinic_id = $1 AND practitioner_id = ANY($2::uuid[])
            AND status IN ('booked', 'confirmed', 'pending_reschedule')
            AND starts_at < $4 AND ends_at > $3
            AND ($5::uuid IS NULL OR id <> $5)`,
        [clinicId, practitionerIds, from, to, exceptAppointmentId ?? null],
      );
      return rows.map((row) => ({ practitionerId: row.practitioner_id, startsAt: row.starts_at, endsAt: row.ends_at }));
    },

    async patientExists(clinicId: string, patientId: string): Promise<boolean> {
      const { rows } = await db.query('SELECT 1 FROM patients WHERE clinic_id = $1 AND id = $2', [clinicId, patientId]);
      return rows.length > 0;
    },

    async findIdByIdempotencyKey(clinicId: string, key: string): Promise<string | undefined> {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM appointments WHERE clinic_id = $1 AND idempotency_key = $2', [
        clinicId,
        key,
      ]);
      return rows[0]?.id;
    },

    /**
     * Inserts the appointment and its audit row in one statement, so both commit or neither does
     * without holding a transaction open across round trips while bookings race. Undefined when
     * the idempotency key is already taken; an overlap raises the exclusion violation (23P01).
     */
    async insertAppointment(clinicId: string, appointment: NewAppointment, audit: AuditEntry): Promise<string | undefined> {
      const { rows } = await db.query<{ id: string }>(
        `WITH inserted AS (
           INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at, source, notes, idempotency_key, call_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $14)
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING id
         ), audited AS (
           INSERT INTO audit_log (clinic_id, actor_type, actor_user_id, action, entity_type, entity_id, data)
           SELECT $1, $10, $11, $12, 'appointment', id::text, $13 FROM inserted
         )
         SELECT id FROM inserted`,
        [
          clinicId,
          appointment.patientId,
          appointment.serviceId,
          appointment.practitionerId,
          appointment.startsAt,
          appointment.endsAt,
          appointment.source,
          appointment.notes,
          appointment.idempotencyKey,
          audit.actor.type,
          audit.actor.type === 'user' ? audit.actor.userId : null,
          audit.action,
          JSON.stringify(audit.data ?? {}),
          appointment.callId,
        ],
      );
      return rows[0]?.id;
    },

    async updateTime(clinicId: string, appointmentId: string, change: { startsAt: Date; endsAt: Date; practitionerId: string; status: AppointmentStatus }): Promise<void> {
      await db.query(
        `UPDATE appointments SET starts_at = $3, ends_at = $4, practitioner_id = $5, status = $6, updated_at = now()
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, appointmentId, change.startsAt, change.endsAt, change.practitionerId, change.status],
      );
    },

    async updateStatus(clinicId: string, appointmentId: string, status: AppointmentStatus): Promise<void> {
      await db.query(
        `UPDATE appointments
            SET status = $3, updated_at = now(),
                cancelled_at = CASE WHEN $3 = 'cancelled' THEN now() ELSE cancelled_at END
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, appointmentId, status],
      );
    },

    async listAppointments(clinicId: string, filter: { from: Date; to: Date; status?: AppointmentStatus; limit: number }): Promise<AppointmentRecord[]> {
      const { rows } = await db.query<AppointmentRow>(
        `${APPOINTMENT_SELECT}
          WHERE a.clinic_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND ($4::text IS NULL OR a.status = $4)
          ORDER BY a.starts_at, a.id
          LIMIT $5`,
        [clinicId, filter.from, filter.to, filter.status ?? null, filter.limit],
      );
      return rows.map(toAppointment);
    },
  };
}

export type SchedulingRepo = ReturnType<typeof createSchedulingRepo>;
