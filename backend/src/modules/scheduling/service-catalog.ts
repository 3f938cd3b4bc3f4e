import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit/audit.repo';
import { createSchedulingRepo, type ServiceRecord } from './scheduling.repo';
import type { Service, ServiceCreate, ServicePatch } from './scheduling.schemas';
import type { Actor, SchedulingServiceDeps } from './scheduling.service';

/*
 * Owners' edits of the clinic's services and prices (the `manage` routes), composed into the
 * scheduling service; and the service DTO both serve.
 */

export function toServiceDto(record: ServiceRecord): Service {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    durationMinutes: record.durationMinutes,
    priceMinor: record.priceMinor,
    currency: record.currency,
    depositMinor: record.depositMinor,
    isActive: record.isActive,
    practitioners: record.practitioners.map((practitioner) => ({ ...practitioner })),
  };
}

function duplicateName(error: unknown): AppError | undefined {
  if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) return undefined;
  return new AppError('CONFLICT', 'A service with that name already exists', {
    details: [{ path: 'name', message: 'is already used by another service of the clinic' }],
  });
}

export function createServiceCatalog(deps: SchedulingServiceDeps) {
  const repo = createSchedulingRepo(deps.db);

  async function assertPractitioners(tx: Queryable, clinicId: string, practitionerIds: string[] | undefined): Promise<void> {
    if (!practitionerIds || practitionerIds.length === 0) return;
    const known = new Set(await createSchedulingRepo(tx).findPractitionerIds(clinicId, practitionerIds));
    const unknown = practitionerIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) {
      throw new AppError('INVALID_INPUT', 'Invalid practitionerIds: not a practitioner of this clinic', {
        details: [{ path: `practitionerIds.${unknown}`, message: 'is not a practitioner of this clinic' }],
      });
    }
  }

  /**
   * Writes a service change with its audit row and the assistant re-sync in one transaction;
   * after the commit every instance forgets the cached services, so the next turn quotes the change.
   */
  async function writeService(clinicId: string, actor: Actor, work: (tx: Queryable) => Promise<{ serviceId: string; action: string; fields: string[] }>): Promise<Service> {
    let serviceId: string;
    try {
      serviceId = await deps.db.transaction(async (tx) => {
        const written = await work(tx);
        // Field names only, as for the agent settings.
        await recordAudit(tx, {
          clinicId,
          actor,
          action: written.action,
          entity: { type: 'service', id: written.serviceId },
          data: { fields: written.fields },
        });
        await deps.assistant.requestAssistantSync(clinicId, tx);
        return written.serviceId;
      });
    } catch (error) {
      throw duplicateName(error) ?? error;
    }
    await deps.clinicConfig.changed(clinicId);
    const service = await repo.findService(clinicId, serviceId);
    if (!service) throw notFound('Service');
    return toServiceDto(service);
  }

  return {
    /** A new service, performed by the given practitioners or else by every active one, so it is bookable at once. */
    createService(clinicId: string, input: ServiceCreate, actor: Actor): Promise<Service> {
      return writeService(clinicId, actor, async (tx) => {
        await assertPractitioners(tx, clinicId, input.practitionerIds);
        const txRepo = createSchedulingRepo(tx);
        const serviceId = await txRepo.insertService(clinicId, {
          name: input.name,
          description: input.description ?? null,
          durationMinutes: input.durationMinutes,
          priceMinor: input.priceMinor,
          depositMinor: input.depositMinor,
        });
        await txRepo.replaceServicePractitioners(clinicId, serviceId, input.practitionerIds?.length ? input.practitionerIds : null);
        return { serviceId, action: 'service.created', fields: Object.keys(input).sort() };
      });
    },

    /** Changes any field; `isActive: false` retires the service (never deleted: appointments reference it). */
    updateService(clinicId: string, serviceId: string, patch: ServicePatch, actor: Actor): Promise<Service> {
      return writeService(clinicId, actor, async (tx) => {
        const txRepo = createSchedulingRepo(tx);
        const current = await txRepo.findService(clinicId, serviceId);
        if (!current) throw notFound('Service');
        const priceMinor = patch.priceMinor === undefined ? current.priceMinor : patch.priceMinor;
        const depositMinor = patch.depositMinor ?? current.depositMinor;
        if (priceMinor !== null && depositMinor > priceMinor) {
          throw new AppError('INVALID_INPUT', 'Invalid depositMinor: must not be more than the price', {
            details: [{ path: 'depositMinor', message: 'must not be more than the price' }],
          });
        }
        await assertPractitioners(tx, clinicId, patch.practitionerIds);
        const { practitionerIds, ...change } = patch;
        await txRepo.updateService(clinicId, serviceId, change);
        if (practitionerIds) await txRepo.replaceServicePractitioners(clinicId, serviceId, practitionerIds.length > 0 ? practitionerIds : null);
        const action = patch.isActive === false && current.isActive ? 'service.retired' : patch.isActive === true && !current.isActive ? 'service.restored' : 'service.updated';
        return { serviceId, action, fields: Object.keys(patch).sort() };
      });
    },

  };
}
