import { outcomeBadge, type CallBadge } from '@/lib/calls/call-display';

/** How call statuses and outcomes read on the Live page. */
const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  ringing: 'Ringing',
  'in-progress': 'In progress',
  forwarding: 'Transferring',
  ended: 'Ended',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/[-_]/g, ' ');
}

/** The Calls page's outcome badge; an ended call whose report has not arrived yet says so. */
export function endedCallBadge(outcome: string | null): CallBadge {
  return outcome ? outcomeBadge(outcome) : { label: 'Outcome pending', className: 'badge' };
}

export function callerLabel(call: { patientName: string | null }): string {
  return call.patientName ?? 'Unknown caller';
}
