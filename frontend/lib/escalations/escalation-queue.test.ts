import { describe, expect, it } from '@jest/globals';
import { applyPatch, belongsTo, compareEscalations, isEmergency, orderQueue, parseView, statusesOf, type Escalation } from './escalation-queue';

let sequence = 0;
function escalation(overrides: Partial<Escalation> = {}): Escalation {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    kind: 'human',
    severity: 'medium',
    status: 'open',
    channel: 'voice',
    summary: 'Caller asked for reception',
    patientId: null,
    callId: null,
    messageId: null,
    contact: null,
    assigneeUserId: null,
    acknowledgedAt: null,
    resolvedAt: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('queue order', () => {
  it('puts emergencies first, then open before acknowledged, then severity, then newest', () => {
    const oldEmergency = escalation({ kind: 'emergency', severity: 'critical', createdAt: '2026-12-01T08:00:00.000Z' });
    const ackedEmergency = escalation({ kind: 'emergency', severity: 'critical', status: 'acknowledged' });
    const highOpen = escalation({ severity: 'high', createdAt: '2026-12-01T07:00:00.000Z' });
    const lowNew = escalation({ severity: 'low', createdAt: '2026-12-01T12:00:00.000Z' });
    const lowOld = escalation({ severity: 'low', createdAt: '2026-12-01T06:00:00.000Z' });
    const ackedHigh = escalation({ severity: 'high', status: 'acknowledged' });
    const shuffled = [lowOld, ackedHigh, highOpen, lowNew, ackedEmergency, oldEmergency];
    expect(orderQueue(shuffled).map((item) => item.id)).toEqual([oldEmergency, ackedEmergency, highOpen, lowNew, lowOld, ackedHigh].map((item) => item.id));
  });

  it('does not keep resolved emergencies on top', () => {
    const resolvedEmergency = escalation({ kind: 'emergency', severity: 'critical', status: 'resolved' });
    const open = escalation();
    expect(compareEscalations(open, resolvedEmergency)).toBeLessThan(0);
  });

  it('keeps one copy of an escalation, the most recently updated', () => {
    const stale = escalation();
    const fresh = { ...stale, status: 'acknowledged' as const, updatedAt: '2026-12-01T10:05:00.000Z' };
    expect(orderQueue([fresh, stale])).toEqual([fresh]);
    expect(orderQueue([stale, fresh])).toEqual([fresh]);
  });

  it('treats a critical escalation of any kind as an emergency', () => {
    expect(isEmergency({ kind: 'complaint', severity: 'critical' })).toBe(true);
    expect(isEmergency({ kind: 'human', severity: 'high' })).toBe(false);
  });
});

describe('views', () => {
  it('falls back to "needs action" for anything unknown', () => {
    expect(parseView(null)).toBe('active');
    expect(parseView('bogus')).toBe('active');
    expect(parseView('resolved')).toBe('resolved');
  });

  it('asks for the statuses each view shows', () => {
    expect(statusesOf('active')).toEqual(['open', 'acknowledged']);
    expect(statusesOf('all')).toEqual([undefined]);
    expect(statusesOf('open')).toEqual(['open']);
    expect(belongsTo(escalation({ status: 'resolved' }), 'active')).toBe(false);
    expect(belongsTo(escalation({ status: 'acknowledged' }), 'active')).toBe(true);
    expect(belongsTo(escalation({ status: 'resolved' }), 'all')).toBe(true);
  });
});

describe('applyPatch', () => {
  const now = '2026-12-01T11:00:00.000Z';
  it('moves forward and stamps the time', () => {
    expect(applyPatch(escalation(), { status: 'acknowledged' }, now)).toMatchObject({ status: 'acknowledged', acknowledgedAt: now });
    expect(applyPatch(escalation(), { status: 'resolved' }, now)).toMatchObject({ status: 'resolved', resolvedAt: now, acknowledgedAt: null });
  });

  it('never moves back, as the server would not', () => {
    const resolved = escalation({ status: 'resolved', resolvedAt: now });
    expect(applyPatch(resolved, { status: 'acknowledged' }, now)).toEqual(resolved);
  });

  it('assigns and unassigns', () => {
    expect(applyPatch(escalation(), { assigneeUserId: 'u1' }, now).assigneeUserId).toBe('u1');
    expect(applyPatch(escalation({ assigneeUserId: 'u1' }), { assigneeUserId: null }, now).assigneeUserId).toBeNull();
  });
});
