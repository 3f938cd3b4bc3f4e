import { classifyStatusChange, type StatusChange } from './escalation-status';
import type { EscalationStatus } from './escalations.schemas';

describe('classifyStatusChange', () => {
  const cases: [EscalationStatus, EscalationStatus, StatusChange][] = [
    ['open', 'open', 'unchanged'],
    ['open', 'acknowledged', 'forward'],
    ['open', 'resolved', 'forward'],
    ['acknowledged', 'acknowledged', 'unchanged'],
    ['acknowledged', 'resolved', 'forward'],
    ['acknowledged', 'open', 'backward'],
    ['resolved', 'resolved', 'unchanged'],
    ['resolved', 'acknowledged', 'backward'],
    ['resolved', 'open', 'backward'],
  ];

  it.each(cases)('%s → %s is %s', (current, requested, expected) => {
    expect(classifyStatusChange(current, requested)).toBe(expected);
  });
});
