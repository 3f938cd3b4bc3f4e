/** The escalation queue: which escalations a view shows, in which order, and local updates. */

export type EscalationStatus = 'open' | 'acknowledged' | 'resolved';
export type EscalationSeverity = 'low' | 'medium' | 'high' | 'critical';

export type Escalation = {
  id: string;
  kind: 'emergency' | 'medical' | 'human' | 'complaint' | 'failure' | 'other';
  severity: EscalationSeverity;
  status: EscalationStatus;
  channel: 'voice' | 'sms' | 'web' | 'staff';
  summary: string;
  patientId: string | null;
  callId: string | null;
  messageId: string | null;
  contact?: { name: string | null; phone: string } | null;
  assigneeUserId: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type EscalationPatch = { status?: 'acknowledged' | 'resolved'; assigneeUserId?: string | null };

/** The filter tabs. "Needs action" is open and acknowledged together: acknowledged still wants resolving. */
export type EscalationView = 'active' | EscalationStatus | 'all';

export const ESCALATION_VIEWS: ReadonlyArray<{ view: EscalationView; label: string }> = [
  { view: 'active', label: 'Needs action' },
  { view: 'open', label: 'Open' },
  { view: 'acknowledged', label: 'Acknowledged' },
  { view: 'resolved', label: 'Resolved' },
  { view: 'all', label: 'All' },
];

export function parseView(value: string | null | undefined): EscalationView {
  return ESCALATION_VIEWS.some((entry) => entry.view === value) ? (value as EscalationView) : 'active';
}

/** The `status` query of each request a view needs (undefined: every status). */
export function statusesOf(view: EscalationView): Array<EscalationStatus | undefined> {
  if (view === 'active') return ['open', 'acknowledged'];
  if (view === 'all') return [undefined];
  return [view];
}

export function belongsTo(escalation: Escalation, view: EscalationView): boolean {
  return statusesOf(view).some((status) => status === undefined || status === escalation.status);
}

const SEVERITY_RANK: Record<EscalationSeverity, number> = { critical: 3, high: 2, medium: 1, low: 0 };
const STATUS_RANK: Record<EscalationStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

export function isEmergency(escalation: Pick<Escalation, 'kind' | 'severity'>): boolean {
  return escalation.kind === 'emergency' || escalation.severity === 'critical';
}

/**
 * Emergencies first, then what is still open before what someone already acknowledged, then by
 * severity, then the newest first — the order staff should work the queue in.
 */
export function compareEscalations(a: Escalation, b: Escalation): number {
  return (
    Number(isEmergency(b) && b.status !== 'resolved') - Number(isEmergency(a) && a.status !== 'resolved') ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0) ||
    (a.id < b.id ? 1 : -1)
  );
}

/** Pages of one or more status queries, deduplicated and ordered for the queue. */
export function orderQueue(items: readonly Escalation[]): Escalation[] {
  const byId = new Map<string, Escalation>();
  for (const item of items) {
    const known = byId.get(item.id);
    if (!known || known.updatedAt <= item.updatedAt) byId.set(item.id, item);
  }
  return [...byId.values()].sort(compareEscalations);
}

/** What the escalation will look like once the server applies `patch` (the optimistic view). */
export function applyPatch(escalation: Escalation, patch: EscalationPatch, nowIso: string): Escalation {
  const next = { ...escalation };
  if (patch.status && STATUS_RANK[patch.status] > STATUS_RANK[escalation.status]) {
    next.status = patch.status;
    if (patch.status === 'acknowledged') next.acknowledgedAt = nowIso;
    if (patch.status === 'resolved') next.resolvedAt = nowIso;
  }
  if (patch.assigneeUserId !== undefined) next.assigneeUserId = patch.assigneeUserId;
  return next;
}

export function kindLabel(kind: Escalation['kind']): string {
  const labels: Record<Escalation['kind'], string> = {
    emergency: 'Emergency',
    medical: 'Medical question',
    human: 'Wants a person',
    complaint: 'Complaint',
    failure: 'System failure',
    other: 'Message',
  };
  return labels[kind];
}
