import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import { createPatientsRepo, type PatientRecord } from './patients.repo';
import type { Patient, PatientSummary } from './patients.schemas';
import { normalisePhone } from './phone';

export function toPatientDto(record: PatientRecord): Patient {
  return {
    id: record.id,
    name: record.name,
    phone: record.phone,
    email: record.email,
    smsOptedOut: record.smsOptedOutAt !== null,
    createdAt: record.createdAt.toISOString(),
  };
}

export function createPatientsService(deps: { db: Db; clock: Clock; clinicConfig: ClinicConfigCache }) {
  const repo = createPatientsRepo(deps.db);

  async function toE164(clinicId: string, phone: string): Promise<string> {
    const country = await deps.clinicConfig.read(clinicId, 'country', () => repo.findClinicCountry(clinicId));
    if (!country) throw notFound('Clinic');
    const e164 = normalisePhone(phone, country);
    if (!e164) throw new AppError('INVALID_INPUT', 'Invalid phone: not a valid phone number');
    return e164;
  }

  return {
    /** The number in E.164 for this clinic's country, or INVALID_INPUT. */
    toE164,

    /** The clinic's patient with this number, created (or given a name/email it lacked) atomically. */
    async findOrCreateByPhone(clinicId: string, phone: string, details: { name?: string; email?: string } = {}): Promise<Patient> {
      return toPatientDto(await repo.upsertByPhone(clinicId, await toE164(clinicId, phone), details));
    },

    async findByPhone(clinicId: string, phone: string): Promise<Patient | undefined> {
      const country = await deps.clinicConfig.read(clinicId, 'country', () => repo.findClinicCountry(clinicId));
      const e164 = country ? normalisePhone(phone, country) : undefined;
      if (!e164) return undefined;
      const record = await repo.findByPhone(clinicId, e164);
      return record ? toPatientDto(record) : undefined;
    },

    /** STOP (true) or START (false) from this E.164 number: texts to it are blocked or allowed again. */
    async setSmsOptOut(clinicId: string, phoneE164: string, isOptedOut: boolean): Promise<void> {
      await repo.setSmsOptOut(clinicId, phoneE164, isOptedOut ? deps.clock.now() : null);
    },

    async getPatient(clinicId: string, patientId: string): Promise<Patient> {
      const record = await repo.findById(clinicId, patientId);
      if (!record) throw notFound('Patient');
      return toPatientDto(record);
    },

    async getPatientSummary(clinicId: string, patientId: string): Promise<PatientSummary> {
      const record = await repo.findById(clinicId, patientId);
      if (!record) throw notFound('Patient');
      const now = deps.clock.now();
      const [isReturning, next] = await Promise.all([
        repo.hasPastVisit(clinicId, patientId, now),
        repo.findNextAppointment(clinicId, patientId, now),
      ]);
      const summary: PatientSummary = { id: record.id, name: record.name, phone: record.phone, isReturning };
      if (next) summary.nextAppointment = { ...next, startsAt: next.startsAt.toISOString() };
      return summary;
    },

    async listPatients(clinicId: string, query: { q?: string; limit: number }): Promise<Patient[]> {
      return (await repo.search(clinicId, query.q, query.limit)).map(toPatientDto);
    },
  };
}

export type PatientsService = ReturnType<typeof createPatientsService>;
