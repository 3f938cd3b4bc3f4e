import type { ClinicEvent } from './clinic-event';
import { alertsReducer, INITIAL_ALERTS, pickEscalationId, telHref, type AlertsAction } from './emergency-alerts';

let nextId = 1;
function event(type: string, data: Record<string, unknown>, callId: string | null = 'call-1'): ClinicEvent {
  const id = nextId++;
  return { id, type, clinicId: 'clinic-1', ...(callId ? { callId } : {}), at: `2026-12-04T02:12:${String(id).padStart(2, '0')}.000Z`, data };
}

function escalation(status: string, overrides: Record<string, unknown> = {}) {
  return { id: 'esc-1', kind: 'emergency', severity: 'critical', status, summary: 'Chest pain', callId: 'call-1', patientId: null, createdAt: '2026-12-04T02:12:00Z', ...overrides };
}

const run = (actions: AlertsAction[]) => actions.reduce(alertsReducer, INITIAL_ALERTS);
const events = (...items: ClinicEvent[]): AlertsAction[] => items.map((item) => ({ type: 'event', event: item }));

beforeEach(() => (nextId = 1));

it('raises an emergency alert with the escalation published just before it', () => {
  const state = run(events(event('escalation.created', escalation('open')), event('alert', { kind: 'emergency', severity: 'critical', text: 'Chest pain heard' })));
  expect(state.alerts).toHaveLength(1);
  expect(state.alerts[0]).toMatchObject({ kind: 'emergency', text: 'Chest pain heard', callId: 'call-1', escalationId: 'esc-1' });
});

it('learns the escalation id when it arrives after the alert', () => {
  const state = run(events(event('alert', { kind: 'emergency', severity: 'critical', text: 'x' }), event('escalation.created', escalation('open'))));
  expect(state.alerts[0]!.escalationId).toBe('esc-1');
});

it('shows one banner per call and kind, even when the alert is replayed', () => {
  const alert = event('alert', { kind: 'emergency', severity: 'critical', text: 'x' });
  const state = run(events(alert, alert, event('alert', { kind: 'emergency', severity: 'critical', text: 'again' })));
  expect(state.alerts).toHaveLength(1);
});

it('ignores events that are not alerts and alerts of unknown kinds', () => {
  const state = run(events(event('call.started', {}), event('alert', { kind: 'fire', severity: 'high', text: 'x' })));
  expect(state.alerts).toEqual([]);
});

it('drops the banner when the escalation is acknowledged elsewhere', () => {
  const state = run(
    events(event('escalation.created', escalation('open')), event('alert', { kind: 'emergency', severity: 'critical', text: 'x' }), event('escalation.updated', escalation('acknowledged'))),
  );
  expect(state.alerts).toEqual([]);
});

it('fills in the caller and dismisses', () => {
  let state = run(events(event('alert', { kind: 'escalation', severity: 'high', text: 'Wants a human' }, null)));
  const key = state.alerts[0]!.key;
  state = alertsReducer(state, { type: 'details', key, phone: '+447700900830', patientName: null, escalationId: 'esc-9' });
  expect(state.alerts[0]).toMatchObject({ phone: '+447700900830', escalationId: 'esc-9', callId: null });
  expect(alertsReducer(state, { type: 'dismiss', key }).alerts).toEqual([]);
});

it('puts emergencies before other alerts', () => {
  const state = run(
    events(event('alert', { kind: 'emergency', severity: 'critical', text: 'first' }, 'a'), event('alert', { kind: 'escalation', severity: 'high', text: 'second' }, 'b')),
  );
  expect(state.alerts.map((alert) => alert.text)).toEqual(['first', 'second']);
});

it('builds tel: links and picks the open emergency escalation', () => {
  expect(telHref('+44 7700 900830')).toBe('tel:+447700900830');
  expect(
    pickEscalationId(
      [
        { id: 'a', kind: 'human', status: 'open' },
        { id: 'b', kind: 'emergency', status: 'acknowledged' },
        { id: 'c', kind: 'emergency', status: 'open' },
      ],
      'emergency',
    ),
  ).toBe('c');
  expect(pickEscalationId([{ id: 'b', kind: 'emergency', status: 'resolved' }], 'emergency')).toBeNull();
});
