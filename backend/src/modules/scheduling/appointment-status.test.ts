import { canTransition, type AppointmentStatus } from './appointment-status';

describe('canTransition', () => {
  const cases: [AppointmentStatus, AppointmentStatus, boolean][] = [
    ['booked', 'confirmed', true],
    ['booked', 'cancelled', true],
    ['booked', 'pending_reschedule', true],
    ['booked', 'completed', true],
    ['booked', 'no_show', true],
    ['confirmed', 'cancelled', true],
    ['confirmed', 'booked', false],
    ['pending_reschedule', 'booked', true],
    ['pending_reschedule', 'completed', false],
    ['cancelled', 'booked', false],
    ['cancelled', 'confirmed', false],
    ['cancelled', 'cancelled', true],
    ['completed', 'no_show', false],
    ['no_show', 'booked', false],
  ];
  it.each(cases)('%s → %s: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});
