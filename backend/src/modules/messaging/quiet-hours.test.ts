import { quietHoursRelease } from './quiet-hours';

describe('quietHoursRelease', () => {
  it.each([
    ['2030-01-15T12:00:00Z', 'Europe/London', '2030-01-15T12:00:00.000Z'],
    ['2030-01-15T08:00:00Z', 'Europe/London', '2030-01-15T08:00:00.000Z'],
    ['2030-01-15T20:59:00Z', 'Europe/London', '2030-01-15T20:59:00.000Z'],
    ['2030-01-15T21:00:00Z', 'Europe/London', '2030-01-16T08:00:00.000Z'],
    ['2030-01-15T23:30:00Z', 'Europe/London', '2030-01-16T08:00:00.000Z'],
    ['2030-01-16T03:00:00Z', 'Europe/London', '2030-01-16T08:00:00.000Z'],
    ['2030-01-16T07:59:00Z', 'Europe/London', '2030-01-16T08:00:00.000Z'],
    // British Summer Time: 21:30 local is 20:30 UTC, and 08:00 local is 07:00 UTC.
    ['2030-07-15T20:30:00Z', 'Europe/London', '2030-07-16T07:00:00.000Z'],
    ['2030-07-15T19:59:00Z', 'Europe/London', '2030-07-15T19:59:00.000Z'],
    // The night the clocks go forward (31 March 2030, 01:00 → 02:00 UTC+1).
    ['2030-03-30T22:00:00Z', 'Europe/London', '2030-03-31T07:00:00.000Z'],
    ['2030-01-15T12:00:00Z', 'America/New_York', '2030-01-15T13:00:00.000Z'],
  ])('%s in %s may go out at %s', (now, timeZone, release) => {
    expect(quietHoursRelease(new Date(now), timeZone).toISOString()).toBe(release);
  });
});
