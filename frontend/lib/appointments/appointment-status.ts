import type { StatusTone } from '@/components/status-badge';
import type { AppointmentStatus } from './appointment-types';

const STATUS_META: Record<AppointmentStatus, { label: string; tone: StatusTone }> = {
  booked: { label: 'Booked', tone: 'neutral' },
  confirmed: { label: 'Confirmed', tone: 'ok' },
  pending_reschedule: { label: 'Wants to reschedule', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
  completed: { label: 'Completed', tone: 'ok' },
  no_show: { label: 'No-show', tone: 'danger' },
};

export function statusLabel(status: AppointmentStatus): string {
  return STATUS_META[status]?.label ?? status;
}

export function statusTone(status: AppointmentStatus): StatusTone {
  return STATUS_META[status]?.tone ?? 'neutral';
}

/** Booked, confirmed and pending-reschedule hold the time and can still be moved or cancelled. */
export function isLive(status: AppointmentStatus): boolean {
  return status === 'booked' || status === 'confirmed' || status === 'pending_reschedule';
}

const SOURCE_LABELS: Record<string, string> = { voice: 'Phone call (AI agent)', sms: 'Text message', staff: 'Dashboard', web: 'Website', api: 'API' };

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}
