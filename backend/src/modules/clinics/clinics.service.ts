import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { AuthContext, ClinicAccess } from '../../platform/http/request-context';
import { recordAudit } from '../audit/audit.repo';
import type { ClinicConfigCache } from './clinic-config-cache';
import { createClinicsRepo } from './clinics.repo';
import type { Clinic, ClinicPatch, Member } from './clinics.schemas';

export function createClinicsService(deps: { db: Db; clinicConfig: ClinicConfigCache }) {
  const repo = createClinicsRepo(deps.db);

  async function getClinic(access: ClinicAccess): Promise<Clinic> {
    const clinic = await repo.findById(access.clinicId);
    if (!clinic) throw notFound('Clinic');
    return { ...clinic, role: access.role };
  }

  return {
    getClinic,

    async listClinics(auth: AuthContext): Promise<Clinic[]> {
      const roles = new Map(auth.memberships.map((membership) => [membership.clinicId, membership.role]));
      const clinics = await repo.findByIds([...roles.keys()]);
      return clinics.flatMap((clinic) => {
        const role = roles.get(clinic.id);
        return role ? [{ ...clinic, role }] : [];
      });
    },

    async updateClinic(access: ClinicAccess, actorUserId: string, patch: ClinicPatch): Promise<Clinic> {
      await deps.db.transaction(async (tx) => {
        await createClinicsRepo(tx).update(access.clinicId, patch);
        await recordAudit(tx, {
          clinicId: access.clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'clinic.updated',
          entity: { type: 'clinic', id: access.clinicId },
          data: { fields: Object.keys(patch) },
        });
      });
      await deps.clinicConfig.changed(access.clinicId);
      return getClinic(access);
    },

    listMembers(access: ClinicAccess): Promise<Member[]> {
      return repo.listMembers(access.clinicId);
    },
  };
}

export type ClinicsService = ReturnType<typeof createClinicsService>;
