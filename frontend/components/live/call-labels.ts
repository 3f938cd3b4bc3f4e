/** How call statuses and outcomes read on the Live page. */
const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  ringing: 'Ringing',
  'in-progress': 'In progress',
  forwarding: 'Transferring',
  ended: 'Ended',
};

const OUTCOME_BADGES: Record<string, { label: string; className: string }> = {
  booked: { label: 'Booked', className: 'badge-ok' },
  answered: { label: 'Answered', className: 'badge-brand' },
  message_taken: { label: 'Message taken', className: 'badge-brand' },
  escalated: { label: 'Escalated', className: 'badge-warning' },
  emergency: { label: 'Emergency', className: 'badge-danger' },
  abandoned: { label: 'Abandoned', className: '' },
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/[-_]/g, ' ');
}

export function outcomeBadge(outcome: string | null): { label: string; className: string } {
  if (!outcome) return { label: 'Outcome pending', className: '' };
  return OUTCOME_BADGES[outcome] ?? { label: outcome.replace(/_/g, ' '), className: '' };
}

export function callerLabel(call: { patientName: string | null }): string {
  return call.patientName ?? 'Unknown caller';
}
