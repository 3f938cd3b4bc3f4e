import type { EscalationStatus } from './escalations.schemas';

const RANK: Record<EscalationStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

export type StatusChange = 'unchanged' | 'forward' | 'backward';

/**
 * Escalations only move forward: open → acknowledged → resolved, or straight from open to
 * resolved. Asking for the status an escalation already has is a no-op, so a retried click
 * or two staff acknowledging at once both succeed.
 */
export function classifyStatusChange(current: EscalationStatus, requested: EscalationStatus): StatusChange {
  if (RANK[requested] === RANK[current]) return 'unchanged';
  return RANK[requested] > RANK[current] ? 'forward' : 'backward';
}
