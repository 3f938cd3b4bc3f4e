import type { JobQueue } from '../../platform/jobs/job-queue';
import type { Clock } from '../../platform/jobs/job-types';
import { formatDayAndTime } from '../../platform/intl';
import type { JobCatalog } from '../../services';
import type { AgentSettings } from '../agent/agent.schemas';
import { isLive } from '../scheduling/appointment-status';
import type { Appointment } from '../scheduling/scheduling.schemas';
import type { AppointmentChange, SchedulingService } from '../scheduling/scheduling.service';
import { REMINDER_KINDS, type ReminderKind, type SmsReminderPayload } from './messaging.jobs';
import type { MessagingService } from './messaging.service';
import type { SmsProfile } from './sms-profile';

const HOUR_MS = 3_600_000;
const REMINDER_LEAD_MS: Record<ReminderKind, number> = { '24h': 24 * HOUR_MS, '2h': 2 * HOUR_MS };
const REPLY_OPTIONS = 'Reply C to confirm, NO to cancel or RESCHEDULE to change it.';
// Bookings the patient made themselves, on a channel of ours: the confirmation answers them.
const PATIENT_SOURCES: ReadonlySet<Appointment['source']> = new Set(['voice', 'sms', 'web']);

export function reminderJobKey(appointmentId: string, kind: ReminderKind): string {
  return `reminder:${appointmentId}:${kind}`;
}

function isReminderEnabled(settings: AgentSettings, kind: ReminderKind): boolean {
  return kind === '24h' ? settings.reminders.dayBefore : settings.reminders.twoHoursBefore;
}

/**
 * What follows from an appointment change by text: the patient's confirmation (booked, moved,
 * cancelled by the clinic), the reminders 24 h (and, if the owner wants, 2 h) before, and the
 * owner's new-booking alert. Reminders are jobs keyed by appointment + kind: a move moves them,
 * a cancellation drops them, and the job itself re-checks the appointment before texting.
 */
export function createAppointmentNotifier(deps: {
  queue: Pick<JobQueue<JobCatalog>, 'schedule' | 'cancelQueued'>;
  messaging: Pick<MessagingService, 'queueOutbound'>;
  scheduling: Pick<SchedulingService, 'getAppointment'>;
  smsProfile: (clinicId: string) => Promise<SmsProfile>;
  clock: Clock;
}) {
  const when = (appointment: Appointment, profile: SmsProfile) => formatDayAndTime(new Date(appointment.startsAt), profile.timezone).label;

  async function syncReminders(clinicId: string, appointment: Appointment, profile: SmsProfile): Promise<void> {
    const startsAt = new Date(appointment.startsAt);
    const now = deps.clock.now();
    for (const kind of REMINDER_KINDS) {
      const key = reminderJobKey(appointment.id, kind);
      const runAt = new Date(startsAt.getTime() - REMINDER_LEAD_MS[kind]);
      if (isLive(appointment.status) && isReminderEnabled(profile.settings, kind) && runAt > now) {
        await deps.queue.schedule('sms.reminder', { clinicId, appointmentId: appointment.id, kind, startsAt: startsAt.toISOString() }, { uniqueKey: key, runAt, clinicId });
      } else {
        await deps.queue.cancelQueued(key);
      }
    }
  }

  async function textPatient(clinicId: string, appointment: Appointment, body: string, key: string, isReply: boolean): Promise<void> {
    await deps.messaging.queueOutbound(clinicId, {
      to: appointment.patient.phone,
      body,
      kind: 'confirmation',
      idempotencyKey: key,
      patientId: appointment.patient.id,
      isReply,
      maxSegments: 2,
    });
  }

  return {
    async handleChange(clinicId: string, change: AppointmentChange): Promise<void> {
      const { appointment } = change;
      const profile = await deps.smsProfile(clinicId);
      const isPatientAction = change.type === 'booked' ? PATIENT_SOURCES.has(appointment.source) : change.actor.type === 'patient';
      const details = `${appointment.service.name} with ${appointment.practitioner.name} on ${when(appointment, profile)}`;
      await syncReminders(clinicId, appointment, profile);

      if (change.type === 'booked') {
        await textPatient(clinicId, appointment, `${profile.name}: you're booked for ${details}. ${REPLY_OPTIONS}`, `appt:${appointment.id}:booked`, isPatientAction);
        const owner = profile.settings.onCallNumber;
        if (profile.settings.alerts.notifyOwnerOfBookings && owner && appointment.source !== 'staff') {
          await deps.messaging.queueOutbound(clinicId, {
            to: owner,
            body: `${profile.name}: new ${appointment.source} booking, ${details}${appointment.patient.name ? ` for ${appointment.patient.name}` : ''}.`,
            kind: 'alert',
            idempotencyKey: `owner:booking:${appointment.id}`,
            maxSegments: 2,
          });
        }
      } else if (change.type === 'moved') {
        await textPatient(
          clinicId,
          appointment,
          `${profile.name}: your appointment is moved to ${details}. ${REPLY_OPTIONS}`,
          `appt:${appointment.id}:moved:${appointment.startsAt}`,
          isPatientAction,
        );
      } else if (appointment.status === 'cancelled' && !isPatientAction) {
        // A patient who cancelled was answered on the channel they used; the clinic's own cancellation needs telling.
        await textPatient(
          clinicId,
          appointment,
          `${profile.name}: your ${details} has been cancelled. Text us or call to book another time.`,
          `appt:${appointment.id}:cancelled`,
          false,
        );
      }
    },

    /** The `sms.reminder` job: texts the patient unless the appointment moved, ended or was cancelled since. */
    async runReminderJob(payload: SmsReminderPayload): Promise<'sent' | 'stale'> {
      const appointment = await deps.scheduling.getAppointment(payload.clinicId, payload.appointmentId);
      const profile = await deps.smsProfile(payload.clinicId);
      const isCurrent = isLive(appointment.status) && new Date(appointment.startsAt).getTime() === new Date(payload.startsAt).getTime();
      if (!isCurrent || !isReminderEnabled(profile.settings, payload.kind)) return 'stale';
      const day = payload.kind === '24h' ? 'tomorrow' : 'today';
      await deps.messaging.queueOutbound(payload.clinicId, {
        to: appointment.patient.phone,
        body: `Reminder from ${profile.name}: ${appointment.service.name} with ${appointment.practitioner.name} ${day}, ${when(appointment, profile)}. ${REPLY_OPTIONS}`,
        kind: 'reminder',
        idempotencyKey: `reminder:${appointment.id}:${payload.kind}:${appointment.startsAt}`,
        patientId: appointment.patient.id,
        maxSegments: 2,
      });
      return 'sent';
    },
  };
}

export type AppointmentNotifier = ReturnType<typeof createAppointmentNotifier>;
