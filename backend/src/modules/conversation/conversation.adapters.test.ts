import { localMidnight } from './conversation.adapters';

describe('localMidnight', () => {
  it.each([
    ['2026-01-15', 'Europe/London', '2026-01-15T00:00:00.000Z'],
    ['2026-07-15', 'Europe/London', '2026-07-14T23:00:00.000Z'],
    ['2026-03-29', 'Europe/London', '2026-03-29T00:00:00.000Z'],
    ['2026-07-15', 'America/New_York', '2026-07-15T04:00:00.000Z'],
  ])('%s in %s starts at %s', (day, timeZone, instant) => {
    expect(localMidnight(day, timeZone).toISOString()).toBe(instant);
  });
});
