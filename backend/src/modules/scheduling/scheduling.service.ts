import { PG_EXCLUSION_VIOLATION, pgErrorCode, type Db, type Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import type { EventPublisher } from '../../platform/events/domain-events';
import type { Logger } from '../../platform/logger';
import { recordAudit, type AuditEntry } from '../audit/audit.repo';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import { canTransition, isLive, type AppointmentStatus } from './appointment-status';
import { createSchedulingRepo, type AppointmentRecord, type AppointmentSource, type ClinicSchedule, type ServiceRecord } from './scheduling.repo';
import type { Appointment, AvailableSlot, Service } from './scheduling.schemas';
import { createServiceCatalog, toServiceDto } from './service-catalog';
import { findFreeSlots, freePractitioners, isWithinOpeningHours, type PartOfDay } from './slots';

export type Actor = AuditEntry['actor'];

export type BookingInput = {
  patientId: string;
  serviceId: string;
  startsAt: Date;
  practitionerId?: string;
  source: AppointmentSource;
  notes?: string;
  idempotencyKey?: string;
  /** The call the appointment was booked on. */
  callId?: string;
};

export type AvailabilityInput = {
  serviceId: string;
  from?: Date;
  to?: Date;
  practitionerId?: string;
  partOfDay?: PartOfDay;
  limit: number;
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const DEFAULT_WINDOW_DAYS = 7;
// Alternatives offered when a slot is gone: enough to choose from when read out on a call.
const NEXT_SLOTS_LIMIT = 3;
const NEXT_SLOTS_HORIZON_MS = 14 * DAY_MS;
const LIST_LIMIT = 1_000;
const SYSTEM: Actor = { type: 'system' };

function toAppointmentDto(record: AppointmentRecord): Appointment {
  return {
    id: record.id,
    patient: record.patient,
    service: record.service,
    practitioner: record.practitioner,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    status: record.status,
    source: record.source,
    notes: record.notes,
    callId: record.callId,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A committed change of an appointment, for what follows from it (confirmation texts, reminders). */
export type AppointmentChange = { type: 'booked' | 'moved' | 'status'; appointment: Appointment; actor: Actor };
export type AppointmentChangeListener = (clinicId: string, change: AppointmentChange) => Promise<void>;

/** Re-pushes the clinic's voice assistant, whose prompt lists the services and prices (agent module). */
export type AssistantResync = { requestAssistantSync(clinicId: string, tx: Queryable): Promise<void> };

export type SchedulingServiceDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventPublisher;
  clinicConfig: ClinicConfigCache;
  assistant: AssistantResync;
};

export function createSchedulingService(deps: SchedulingServiceDeps) {
  const repo = createSchedulingRepo(deps.db);
  const listeners: AppointmentChangeListener[] = [];

  /**
   * Tells the listeners after the change committed. A listener's failure is logged, not
   * thrown: the booking stands, and what the listener does is idempotent per appointment.
   */
  async function notify(clinicId: string, change: AppointmentChange): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(clinicId, change);
      } catch (error) {
        deps.logger.error('appointment change listener failed', { error, clinicId, appointmentId: change.appointment.id, change: change.type });
      }
    }
  }

  /** The clinic's active services with their practitioners (configuration: cached). */
  function activeServices(clinicId: string): Promise<readonly ServiceRecord[]> {
    return deps.clinicConfig.read(clinicId, 'services', () => repo.listServices(clinicId));
  }

  async function requireService(clinicId: string, serviceId: string): Promise<ServiceRecord> {
    const service = (await activeServices(clinicId)).find((candidate) => candidate.id === serviceId);
    if (!service) throw notFound('Service');
    return service;
  }

  /** Time zone, opening hours and closures (configuration: cached). */
  function findSchedule(clinicId: string): Promise<ClinicSchedule | undefined> {
    return deps.clinicConfig.read(clinicId, 'schedule', () => repo.findSchedule(clinicId));
  }

  async function requireAppointment(clinicId: string, appointmentId: string): Promise<AppointmentRecord> {
    const appointment = await repo.findAppointment(clinicId, appointmentId);
    if (!appointment) throw notFound('Appointment');
    return appointment;
  }

  function practitionersFor(service: ServiceRecord, practitionerId: string | undefined): ServiceRecord['practitioners'] {
    if (practitionerId === undefined) return service.practitioners;
    const chosen = service.practitioners.filter((practitioner) => practitioner.id === practitionerId);
    if (chosen.length === 0) throw new AppError('INVALID_INPUT', 'That practitioner does not perform this service');
    return chosen;
  }

  async function freeSlots(
    clinicId: string,
    service: ServiceRecord,
    query: { from: Date; to: Date; practitionerId?: string; partOfDay?: PartOfDay; limit: number; exceptAppointmentId?: string },
  ): Promise<AvailableSlot[]> {
    const practitioners = practitionersFor(service, query.practitionerId);
    const ids = practitioners.map((practitioner) => practitioner.id);
    // Independent reads, in flight together: a caller on the line waits for this.
    const [schedule, busy] = await Promise.all([
      findSchedule(clinicId),
      repo.findBusy(clinicId, ids, new Date(query.from.getTime() - DAY_MS), new Date(query.to.getTime() + DAY_MS), query.exceptAppointmentId),
    ]);
    if (!schedule) throw notFound('Clinic');
    const names = new Map(practitioners.map((practitioner) => [practitioner.id, practitioner.name]));
    const slots = findFreeSlots({ ...schedule, ...query, durationMinutes: service.durationMinutes, practitioners: ids, busy, now: deps.clock.now() });
    return slots.map((slot) => ({
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      practitionerId: slot.practitionerId,
      practitionerName: names.get(slot.practitionerId) ?? '',
    }));
  }

  async function slotTaken(clinicId: string, service: ServiceRecord, after: Date, practitionerId?: string, exceptAppointmentId?: string): Promise<AppError> {
    const from = new Date(Math.max(after.getTime(), deps.clock.now().getTime()));
    const nextSlots = await freeSlots(clinicId, service, {
      from,
      to: new Date(from.getTime() + NEXT_SLOTS_HORIZON_MS),
      practitionerId,
      limit: NEXT_SLOTS_LIMIT,
      exceptAppointmentId,
    });
    return new AppError('CONFLICT', 'That slot was just taken', { details: { nextSlots } });
  }

  /** Rejects times in the past or outside opening hours, offering the next free slots instead. */
  async function assertBookable(clinicId: string, service: ServiceRecord, interval: { startsAt: Date; endsAt: Date }, practitionerId?: string, exceptAppointmentId?: string): Promise<void> {
    const schedule = await findSchedule(clinicId);
    if (!schedule) throw notFound('Clinic');
    const isPast = interval.startsAt < deps.clock.now();
    if (!isPast && isWithinOpeningHours(interval, schedule)) return;
    const { details } = await slotTaken(clinicId, service, interval.startsAt, practitionerId, exceptAppointmentId);
    throw new AppError('INVALID_INPUT', isPast ? 'That time is in the past' : 'That time is outside opening hours', { details });
  }

  async function publish(clinicId: string, type: 'appointment.created' | 'appointment.updated', appointment: Appointment): Promise<void> {
    try {
      await deps.events.publish({ clinicId, type, data: { appointmentId: appointment.id, ...appointment } });
    } catch (error) {
      // Only malformed data rejects here; the change is committed, so the caller still succeeds.
      deps.logger.error('appointment event rejected', { error, clinicId, type });
    }
  }

  async function changed(clinicId: string, appointmentId: string): Promise<Appointment> {
    const appointment = toAppointmentDto(await requireAppointment(clinicId, appointmentId));
    await publish(clinicId, 'appointment.updated', appointment);
    return appointment;
  }

  async function setStatus(clinicId: string, appointmentId: string, status: AppointmentStatus, actor: Actor): Promise<Appointment> {
    const isChanged = await deps.db.transaction(async (tx) => {
      const txRepo = createSchedulingRepo(tx);
      const current = await txRepo.findAppointment(clinicId, appointmentId, { lock: true });
      if (!current) throw notFound('Appointment');
      if (current.status === status) return false;
      if (!canTransition(current.status, status)) {
        throw new AppError('CONFLICT', `A ${current.status.replace('_', ' ')} appointment cannot become ${status.replace('_', ' ')}`);
      }
      await txRepo.updateStatus(clinicId, appointmentId, status);
      await recordAudit(tx, {
        clinicId,
        actor,
        action: `appointment.${status}`,
        entity: { type: 'appointment', id: appointmentId },
        data: { from: current.status, to: status },
      });
      return true;
    });
    if (!isChanged) return toAppointmentDto(await requireAppointment(clinicId, appointmentId));
    const appointment = await changed(clinicId, appointmentId);
    await notify(clinicId, { type: 'status', appointment, actor });
    return appointment;
  }

  async function reschedule(clinicId: string, appointmentId: string, change: { startsAt: Date; practitionerId?: string }, actor: Actor): Promise<Appointment> {
    const current = await requireAppointment(clinicId, appointmentId);
    if (!isLive(current.status)) throw new AppError('CONFLICT', `A ${current.status.replace('_', ' ')} appointment cannot be moved`);
    const service = await repo.findService(clinicId, current.service.id);
    if (!service) throw notFound('Service');
    const practitionerId = change.practitionerId ?? current.practitioner.id;
    practitionersFor(service, practitionerId);
    const interval = { startsAt: change.startsAt, endsAt: new Date(change.startsAt.getTime() + service.durationMinutes * MINUTE_MS) };
    await assertBookable(clinicId, service, interval, practitionerId, appointmentId);
    let isMoved: boolean;
    try {
      isMoved = await deps.db.transaction(async (tx) => {
        const txRepo = createSchedulingRepo(tx);
        const locked = await txRepo.findAppointment(clinicId, appointmentId, { lock: true });
        if (!locked || !isLive(locked.status)) throw new AppError('CONFLICT', 'The appointment changed meanwhile; reload it');
        await txRepo.lockForTransaction(`practitioner:${practitionerId}`);
        if ((await txRepo.findBusy(clinicId, [practitionerId], interval.startsAt, interval.endsAt, appointmentId)).length > 0) return false;
        // A moved appointment needs confirming again.
        await txRepo.updateTime(clinicId, appointmentId, { ...interval, practitionerId, status: 'booked' });
        await recordAudit(tx, {
          clinicId,
          actor,
          action: 'appointment.rescheduled',
          entity: { type: 'appointment', id: appointmentId },
          data: { from: locked.startsAt.toISOString(), to: interval.startsAt.toISOString(), practitionerId },
        });
        return true;
      });
    } catch (error) {
      if (pgErrorCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      isMoved = false;
    }
    if (!isMoved) throw await slotTaken(clinicId, service, interval.startsAt, practitionerId, appointmentId);
    const appointment = await changed(clinicId, appointmentId);
    await notify(clinicId, { type: 'moved', appointment, actor });
    return appointment;
  }

  async function existingForKey(clinicId: string, key: string | undefined): Promise<Appointment | undefined> {
    if (key === undefined) return undefined;
    const id = await repo.findIdByIdempotencyKey(clinicId, key);
    return id ? toAppointmentDto(await requireAppointment(clinicId, id)) : undefined;
  }

  return {
    ...createServiceCatalog(deps),

    /** Registers what must follow every committed booking, move and status change. */
    onAppointmentChanged(listener: AppointmentChangeListener): void {
      listeners.push(listener);
    },

    /** The bookable services (cached); with `includeInactive`, the retired ones too, for the owner's editor. */
    async listServices(clinicId: string, options: { includeInactive?: boolean } = {}): Promise<Service[]> {
      const services = options.includeInactive ? await repo.listServices(clinicId, { includeInactive: true }) : await activeServices(clinicId);
      return services.map(toServiceDto);
    },

    async findAvailability(clinicId: string, input: AvailabilityInput): Promise<AvailableSlot[]> {
      const service = await requireService(clinicId, input.serviceId);
      const from = input.from ?? deps.clock.now();
      const to = input.to ?? new Date(from.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
      return freeSlots(clinicId, service, { ...input, from, to });
    },

    async listAppointments(clinicId: string, filter: { from?: Date; to?: Date; status?: AppointmentStatus }): Promise<Appointment[]> {
      const from = filter.from ?? new Date(deps.clock.now().getTime() - DAY_MS);
      const to = filter.to ?? new Date(from.getTime() + 31 * DAY_MS);
      return (await repo.listAppointments(clinicId, { from, to, status: filter.status, limit: LIST_LIMIT })).map(toAppointmentDto);
    },

    getAppointment(clinicId: string, appointmentId: string): Promise<Appointment> {
      return requireAppointment(clinicId, appointmentId).then(toAppointmentDto);
    },

    /**
     * Books the slot with the requested practitioner, or any free one who performs the service.
     * The database's exclusion constraint settles races: losers get CONFLICT with the next slots.
     */
    async book(clinicId: string, input: BookingInput, actor: Actor = SYSTEM): Promise<{ appointment: Appointment; isNew: boolean }> {
      const replay = await existingForKey(clinicId, input.idempotencyKey);
      if (replay) return { appointment: replay, isNew: false };
      const service = await requireService(clinicId, input.serviceId);
      if (!(await repo.patientExists(clinicId, input.patientId))) throw notFound('Patient');
      const candidates = practitionersFor(service, input.practitionerId).map((practitioner) => practitioner.id);
      const interval = { startsAt: input.startsAt, endsAt: new Date(input.startsAt.getTime() + service.durationMinutes * MINUTE_MS) };
      await assertBookable(clinicId, service, interval, input.practitionerId);
      const busy = await repo.findBusy(clinicId, candidates, interval.startsAt, interval.endsAt);
      for (const practitionerId of freePractitioners(interval, candidates, busy)) {
        let appointmentId: string | undefined;
        try {
          appointmentId = await repo.insertAppointment(
            clinicId,
            {
              ...interval,
              patientId: input.patientId,
              serviceId: service.id,
              practitionerId,
              source: input.source,
              notes: input.notes ?? null,
              idempotencyKey: input.idempotencyKey ?? null,
              callId: input.callId ?? null,
            },
            {
              clinicId,
              actor,
              action: 'appointment.booked',
              data: { serviceId: service.id, practitionerId, startsAt: interval.startsAt.toISOString(), source: input.source },
            },
          );
        } catch (error) {
          // Lost the race for this practitioner: try the next one who performs the service.
          if (pgErrorCode(error) === PG_EXCLUSION_VIOLATION) continue;
          throw error;
        }
        if (appointmentId === undefined) {
          const existing = await existingForKey(clinicId, input.idempotencyKey);
          if (existing) return { appointment: existing, isNew: false };
          throw new AppError('CONFLICT', 'That idempotency key is already used');
        }
        const appointment = toAppointmentDto(await requireAppointment(clinicId, appointmentId));
        await publish(clinicId, 'appointment.created', appointment);
        await notify(clinicId, { type: 'booked', appointment, actor });
        return { appointment, isNew: true };
      }
      throw await slotTaken(clinicId, service, interval.startsAt, input.practitionerId);
    },

    reschedule,

    /** A status change and/or a move, as the dashboard's PATCH asks. */
    async updateAppointment(clinicId: string, appointmentId: string, patch: { status?: AppointmentStatus; startsAt?: Date; practitionerId?: string }, actor: Actor): Promise<Appointment> {
      let appointment: Appointment | undefined;
      if (patch.startsAt) appointment = await reschedule(clinicId, appointmentId, { startsAt: patch.startsAt, practitionerId: patch.practitionerId }, actor);
      if (patch.status) appointment = await setStatus(clinicId, appointmentId, patch.status, actor);
      return appointment ?? toAppointmentDto(await requireAppointment(clinicId, appointmentId));
    },

    setStatus,
    cancel: (clinicId: string, appointmentId: string, actor: Actor = SYSTEM) => setStatus(clinicId, appointmentId, 'cancelled', actor),
    confirm: (clinicId: string, appointmentId: string, actor: Actor = SYSTEM) => setStatus(clinicId, appointmentId, 'confirmed', actor),
  };
}

export type SchedulingService = ReturnType<typeof createSchedulingService>;
