import { humanize, maskPhone } from '@/lib/format';
import type { CallOutcome, CallSummary } from './call-types';

/** How calls read on the dashboard: labels and badge tones shared by the list and the detail. */

const OUTCOME_LABELS: Record<CallOutcome, string> = {
  booked: 'Booked',
  answered: 'Answered',
  message_taken: 'Message taken',
  escalated: 'Escalated',
  emergency: 'Emergency',
  abandoned: 'Abandoned',
};

const OUTCOME_BADGES: Record<CallOutcome, string> = {
  booked: 'badge-ok',
  answered: 'badge-brand',
  message_taken: '',
  escalated: 'badge-warning',
  emergency: 'badge-danger',
  abandoned: '',
};

export function outcomeLabel(outcome: CallOutcome): string {
  return OUTCOME_LABELS[outcome];
}

export type CallBadge = { label: string; className: string };

function isKnownOutcome(outcome: string): outcome is CallOutcome {
  return Object.hasOwn(OUTCOME_LABELS, outcome);
}

/** The badge of a call's outcome, including one this dashboard does not know yet (as words). */
export function outcomeBadge(outcome: string): CallBadge {
  if (!isKnownOutcome(outcome)) return { label: humanize(outcome), className: 'badge' };
  return { label: OUTCOME_LABELS[outcome], className: `badge ${OUTCOME_BADGES[outcome]}`.trim() };
}

/** The outcome of an ended call, else where a live one is ("In progress"). */
export function callBadge(call: Pick<CallSummary, 'outcome' | 'status'>): CallBadge {
  if (call.outcome) return outcomeBadge(call.outcome);
  if (call.status !== 'ended') return { label: humanize(call.status), className: 'badge badge-brand' };
  return { label: 'No outcome', className: 'badge' };
}

/** The patient's name when the caller is known; the masked number is shown beside it either way. */
export function callerLabel(call: Pick<CallSummary, 'patient' | 'callerName' | 'fromNumber' | 'direction'>): { name: string | null; number: string } {
  const name = call.patient?.name ?? call.callerName ?? null;
  const number = call.direction === 'web' && !call.fromNumber ? 'Web call' : maskPhone(call.fromNumber);
  return { name: name && name.trim() !== '' ? name : null, number };
}

/** The instant a call is listed by: answered, else created. */
export function callTime(call: Pick<CallSummary, 'startedAt' | 'createdAt'>): string {
  return call.startedAt ?? call.createdAt;
}
