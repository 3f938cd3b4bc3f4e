import type { Db } from '../../platform/db';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';
import type { EscalationsService } from '../escalations/escalations.service';
import type { KnowledgeService } from '../knowledge/knowledge.service';
import type { MessagingService } from '../messaging/messaging.service';
import { smsProfileReader } from '../messaging/sms-profile';
import type { PatientsService } from '../patients/patients.service';
import type { SchedulingService } from '../scheduling/scheduling.service';
import { fromLocalTime } from '../scheduling/slots';
import type { ConversationPorts } from './conversation.ports';
import { loadClinicProfile } from './conversation.repo';

/** UTC instant of local midnight of `day` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return fromLocalTime({ year, month, day: date, hour: 0, minute: 0 }, timeZone);
}

const DAY_MS = 86_400_000;

/** The conversation engine's view of the other modules. */
export function createConversationPorts(deps: {
  db: Db;
  knowledge: KnowledgeService;
  scheduling: SchedulingService;
  patients: PatientsService;
  escalations: EscalationsService;
  messaging: MessagingService;
  clinicConfig: ClinicConfigCache;
}): ConversationPorts {
  const smsProfile = smsProfileReader(deps.db, deps.clinicConfig);
  const profileOf = (clinicId: string) => deps.clinicConfig.read(clinicId, 'profile', () => loadClinicProfile(deps.db, clinicId));
  return {
    getClinicProfile: profileOf,
    searchKnowledge: (clinicId, query, k, options) => deps.knowledge.search(clinicId, query, k, options),
    listServices: async (clinicId) =>
      (await deps.scheduling.listServices(clinicId)).map((service) => ({
        id: service.id,
        name: service.name,
        durationMinutes: service.durationMinutes,
        priceMinor: service.priceMinor,
        currency: service.currency,
        depositMinor: service.depositMinor,
      })),
    async findSlots(clinicId, request) {
      const profile = await profileOf(clinicId);
      const from = request.day ? localMidnight(request.day, profile.timezone) : undefined;
      const slots = await deps.scheduling.findAvailability(clinicId, {
        serviceId: request.serviceId,
        ...(from ? { from, to: new Date(from.getTime() + DAY_MS) } : {}),
        ...(request.partOfDay ? { partOfDay: request.partOfDay } : {}),
        limit: request.limit,
      });
      return slots.map((slot) => ({
        startsAt: new Date(slot.startsAt),
        endsAt: new Date(slot.endsAt),
        practitionerId: slot.practitionerId,
        practitionerName: slot.practitionerName,
      }));
    },
    async book(clinicId, request) {
      const patient = await deps.patients.findOrCreateByPhone(clinicId, request.patientPhone, request.patientName ? { name: request.patientName } : {});
      const { appointment } = await deps.scheduling.book(clinicId, {
        patientId: patient.id,
        serviceId: request.serviceId,
        startsAt: request.startsAt,
        ...(request.practitionerId ? { practitionerId: request.practitionerId } : {}),
        source: request.channel === 'web' ? 'web' : request.channel,
        ...(request.callId ? { callId: request.callId } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      });
      return { appointmentId: appointment.id };
    },
    async findPatient(clinicId, phone) {
      const patient = await deps.patients.findByPhone(clinicId, phone);
      if (!patient) return undefined;
      const summary = await deps.patients.getPatientSummary(clinicId, patient.id);
      const next = summary.nextAppointment;
      return {
        name: summary.name,
        ...(next
          ? { nextAppointment: { id: next.id, startsAt: new Date(next.startsAt), serviceId: next.serviceId, serviceName: next.serviceName, status: next.status } }
          : {}),
      };
    },
    async cancelAppointment(clinicId, appointmentId) {
      await deps.scheduling.cancel(clinicId, appointmentId, { type: 'patient' });
    },
    async rescheduleAppointment(clinicId, appointmentId, change) {
      await deps.scheduling.reschedule(clinicId, appointmentId, change, { type: 'patient' });
    },
    async escalate(clinicId, request) {
      const patient = request.patientPhone ? await deps.patients.findOrCreateByPhone(clinicId, request.patientPhone) : undefined;
      const { escalation, isCreated } = await deps.escalations.createEscalation(clinicId, {
        kind: request.kind,
        severity: request.severity,
        channel: request.channel,
        summary: request.summary,
        ...(patient ? { patientId: patient.id } : {}),
        ...(request.callId ? { callId: request.callId } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      });
      const result = { escalationId: escalation.id, isCreated };
      if (request.kind !== 'emergency' || !isCreated) return result;
      // Emergencies also reach the on-call clinician by text at once, through the outbox,
      // unless the owner switched that off (the dashboard alert and the escalation remain).
      const [profile, sms] = await Promise.all([profileOf(clinicId), smsProfile(clinicId)]);
      if (!profile.onCallNumber || !sms.settings.alerts.textOnCallForEmergencies) return result;
      const caller = request.patientPhone ? ` from ${request.patientPhone}` : '';
      await deps.messaging.queueOutbound(clinicId, {
        to: profile.onCallNumber,
        kind: 'alert',
        body: `URGENT ${profile.name}: possible emergency reported${caller} (${request.channel}). Open the Voxanne dashboard now.`,
        idempotencyKey: `oncall:${escalation.id}`,
      });
      return result;
    },
  };
}
