import { alertDataOf, escalationDataOf, type ClinicEvent } from './clinic-event';

/**
 * The banners staff must act on: every `alert` event (emergencies, escalations) until someone
 * acknowledges it. The alert itself carries only a sentence; its escalation (published just
 * before it, for the same call) gives the id to acknowledge, and the call gives the number to
 * ring back.
 */
export type EmergencyAlert = {
  key: string;
  kind: 'emergency' | 'escalation';
  severity: string;
  text: string;
  at: string;
  callId: string | null;
  escalationId: string | null;
  /** The caller's number in full: staff ring it back. */
  phone: string | null;
  patientName: string | null;
  /** The caller details were asked for (once per alert). */
  isDetailRequested: boolean;
};

export type AlertsState = {
  alerts: EmergencyAlert[];
  /** Open escalations by call, from `escalation.created`, to find an alert's escalation id. */
  escalationsByCall: Record<string, { id: string; kind: string }>;
};

export type AlertsAction =
  | { type: 'event'; event: ClinicEvent }
  | { type: 'details'; key: string; phone: string | null; patientName: string | null; escalationId: string | null }
  | { type: 'detail-requested'; key: string }
  | { type: 'dismiss'; key: string }
  | { type: 'restore'; alerts: EmergencyAlert[] };

export const INITIAL_ALERTS: AlertsState = { alerts: [], escalationsByCall: {} };

export const MAX_ALERTS = 10;

const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function withAlerts(state: AlertsState, alerts: EmergencyAlert[]): AlertsState {
  // Emergencies first, then by severity, newest first within each.
  const sorted = [...alerts].sort(
    (a, b) =>
      Number(b.kind === 'emergency') - Number(a.kind === 'emergency') ||
      (SEVERITY_ORDER[a.severity] ?? 4) - (SEVERITY_ORDER[b.severity] ?? 4) ||
      b.at.localeCompare(a.at),
  );
  return { ...state, alerts: sorted.slice(0, MAX_ALERTS) };
}

function applyEvent(state: AlertsState, event: ClinicEvent): AlertsState {
  if (event.type === 'escalation.created' || event.type === 'escalation.updated') {
    const escalation = escalationDataOf(event);
    if (!escalation) return state;
    if (escalation.status !== 'open') {
      // Acknowledged or resolved elsewhere (another tab, a colleague): the banner has done its job.
      return withAlerts(state, state.alerts.filter((alert) => alert.escalationId !== escalation.id));
    }
    if (!escalation.callId) return state;
    const callId = escalation.callId;
    const known = state.escalationsByCall[callId];
    // An emergency escalation is the one an emergency alert is about; keep it over later ones.
    if (known && known.kind === 'emergency' && escalation.kind !== 'emergency') return state;
    const next = { ...state, escalationsByCall: { ...state.escalationsByCall, [callId]: { id: escalation.id, kind: escalation.kind } } };
    return withAlerts(
      next,
      next.alerts.map((alert) => (alert.callId === callId && !alert.escalationId ? { ...alert, escalationId: escalation.id } : alert)),
    );
  }
  if (event.type !== 'alert') return state;
  const data = alertDataOf(event);
  if (!data) return state;
  const callId = event.callId ?? null;
  const duplicate = state.alerts.some((alert) => alert.key === `alert-${event.id}` || (callId && alert.callId === callId && alert.kind === data.kind));
  if (duplicate) return state;
  const alert: EmergencyAlert = {
    key: `alert-${event.id}`,
    kind: data.kind,
    severity: data.severity,
    text: data.text,
    at: event.at,
    callId,
    escalationId: callId ? (state.escalationsByCall[callId]?.id ?? null) : null,
    phone: null,
    patientName: null,
    isDetailRequested: false,
  };
  return withAlerts(state, [alert, ...state.alerts]);
}

export function alertsReducer(state: AlertsState, action: AlertsAction): AlertsState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event);
    case 'details':
      return withAlerts(
        state,
        state.alerts.map((alert) =>
          alert.key === action.key
            ? {
                ...alert,
                phone: action.phone ?? alert.phone,
                patientName: action.patientName ?? alert.patientName,
                escalationId: alert.escalationId ?? action.escalationId,
              }
            : alert,
        ),
      );
    case 'detail-requested':
      return { ...state, alerts: state.alerts.map((alert) => (alert.key === action.key ? { ...alert, isDetailRequested: true } : alert)) };
    case 'dismiss':
      return { ...state, alerts: state.alerts.filter((alert) => alert.key !== action.key) };
    case 'restore': {
      const known = new Set(state.alerts.map((alert) => alert.key));
      return withAlerts(state, [...state.alerts, ...action.alerts.filter((alert) => !known.has(alert.key))]);
    }
  }
}

/** `tel:` wants the number without spaces or punctuation other than a leading `+`. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** The escalation an alert's call detail lists: the open emergency one first, else any open one. */
export function pickEscalationId(
  escalations: ReadonlyArray<{ id: string; kind: string; status: string }>,
  kind: EmergencyAlert['kind'],
): string | null {
  const open = escalations.filter((escalation) => escalation.status === 'open');
  const preferred = kind === 'emergency' ? open.find((escalation) => escalation.kind === 'emergency') : undefined;
  return (preferred ?? open[0])?.id ?? null;
}
