import { findFreeSlots, fromLocalTime, isWithinOpeningHours, type SlotQuery } from './slots';

const LONDON = 'Europe/London';
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '18:00' }));
const HOURS = [...WEEKDAYS, { weekday: 6, opensAt: '10:00', closesAt: '14:00' }];

function query(overrides: Partial<SlotQuery>): SlotQuery {
  return {
    timezone: LONDON,
    openingHours: HOURS,
    closures: [],
    durationMinutes: 30,
    practitioners: ['p1'],
    busy: [],
    from: new Date('2030-01-07T00:00:00Z'),
    to: new Date('2030-01-08T00:00:00Z'),
    now: new Date('2029-12-01T00:00:00Z'),
    limit: 1000,
    ...overrides,
  };
}

const iso = (slots: { startsAt: Date }[]) => slots.map((slot) => slot.startsAt.toISOString());

describe('fromLocalTime', () => {
  it.each([
    ['winter (GMT)', { year: 2030, month: 1, day: 7, hour: 9, minute: 0 }, LONDON, '2030-01-07T09:00:00.000Z'],
    ['summer (BST)', { year: 2030, month: 7, day: 8, hour: 9, minute: 0 }, LONDON, '2030-07-08T08:00:00.000Z'],
    ['day after spring forward', { year: 2026, month: 3, day: 30, hour: 9, minute: 0 }, LONDON, '2026-03-30T08:00:00.000Z'],
    ['day of fall back', { year: 2026, month: 10, day: 25, hour: 9, minute: 0 }, LONDON, '2026-10-25T09:00:00.000Z'],
    ['New York summer', { year: 2030, month: 7, day: 8, hour: 9, minute: 0 }, 'America/New_York', '2030-07-08T13:00:00.000Z'],
    ['Kolkata half-hour offset', { year: 2030, month: 1, day: 7, hour: 9, minute: 0 }, 'Asia/Kolkata', '2030-01-07T03:30:00.000Z'],
  ])('%s', (_name, local, timezone, expected) => {
    expect(fromLocalTime(local, timezone).toISOString()).toBe(expected);
  });
});

describe('findFreeSlots', () => {
  it('fills a weekday from opening to the last start that still ends by closing', () => {
    const slots = findFreeSlots(query({}));
    expect(slots).toHaveLength(35);
    expect(slots[0]!.startsAt.toISOString()).toBe('2030-01-07T09:00:00.000Z');
    expect(slots.at(-1)!.startsAt.toISOString()).toBe('2030-01-07T17:30:00.000Z');
    expect(slots.at(-1)!.endsAt.toISOString()).toBe('2030-01-07T18:00:00.000Z');
  });

  it.each([
    ['Saturday short day', '2030-01-12T00:00:00Z', 15, '2030-01-12T10:00:00.000Z', '2030-01-12T13:30:00.000Z'],
    ['Sunday closed', '2030-01-13T00:00:00Z', 0, undefined, undefined],
  ])('%s', (_name, from, count, first, last) => {
    const start = new Date(from);
    const slots = findFreeSlots(query({ from: start, to: new Date(start.getTime() + 86_400_000) }));
    expect(slots).toHaveLength(count);
    expect(slots[0]?.startsAt.toISOString()).toBe(first);
    expect(slots.at(-1)?.startsAt.toISOString()).toBe(last);
  });

  it('follows the wall clock across the spring-forward week in Europe/London', () => {
    // Clocks go forward on Sunday 29 March 2026: Friday 27th opens at 09:00 GMT, Monday 30th at 09:00 BST.
    const slots = findFreeSlots(
      query({ from: new Date('2026-03-27T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z'), now: new Date('2026-03-01T00:00:00Z'), durationMinutes: 60, stepMinutes: 60 }),
    );
    const starts = iso(slots);
    expect(starts).toContain('2026-03-27T09:00:00.000Z');
    expect(starts).toContain('2026-03-28T10:00:00.000Z');
    expect(starts.some((start) => start.startsWith('2026-03-29'))).toBe(false);
    expect(starts).toContain('2026-03-30T08:00:00.000Z');
    expect(starts).toContain('2026-03-30T16:00:00.000Z');
    expect(starts).not.toContain('2026-03-30T17:00:00.000Z');
    expect(starts.filter((start) => start.startsWith('2026-03-27'))).toHaveLength(9);
    expect(starts.filter((start) => start.startsWith('2026-03-30'))).toHaveLength(9);
  });

  it('follows the wall clock across the fall-back week', () => {
    const slots = findFreeSlots(
      query({ from: new Date('2026-10-23T00:00:00Z'), to: new Date('2026-10-27T00:00:00Z'), now: new Date('2026-10-01T00:00:00Z'), durationMinutes: 60, stepMinutes: 60 }),
    );
    const starts = iso(slots);
    expect(starts[0]).toBe('2026-10-23T08:00:00.000Z');
    expect(starts).toContain('2026-10-26T09:00:00.000Z');
    expect(starts).toContain('2026-10-26T17:00:00.000Z');
  });

  it.each([
    ['rounds now up to the next step', '2030-01-07T10:07:00Z', '2030-01-07T10:15:00.000Z'],
    ['keeps now when on the grid', '2030-01-07T10:15:00Z', '2030-01-07T10:15:00.000Z'],
    ['skips to the next day after closing', '2030-01-07T17:45:00Z', '2030-01-08T09:00:00.000Z'],
  ])('never in the past: %s', (_name, now, first) => {
    const slots = findFreeSlots(query({ now: new Date(now), to: new Date('2030-01-09T00:00:00Z'), limit: 1 }));
    expect(iso(slots)).toEqual([first]);
  });

  it('respects existing bookings of each practitioner and the duration', () => {
    const busy = [{ practitionerId: 'p1', startsAt: new Date('2030-01-07T09:30:00Z'), endsAt: new Date('2030-01-07T10:00:00Z') }];
    const slots = findFreeSlots(query({ busy, durationMinutes: 45, limit: 3 }));
    expect(iso(slots)).toEqual(['2030-01-07T10:00:00.000Z', '2030-01-07T10:15:00.000Z', '2030-01-07T10:30:00.000Z']);
    const withTwo = findFreeSlots(query({ busy, practitioners: ['p1', 'p2'], durationMinutes: 45, limit: 3 }));
    expect(withTwo.map((slot) => [slot.startsAt.toISOString(), slot.practitionerId])).toEqual([
      ['2030-01-07T09:00:00.000Z', 'p2'],
      ['2030-01-07T09:15:00.000Z', 'p2'],
      ['2030-01-07T09:30:00.000Z', 'p2'],
    ]);
  });

  it('prefers the requested practitioner when free', () => {
    const slots = findFreeSlots(query({ practitioners: ['p1', 'p2'], preferredPractitionerId: 'p2', limit: 1 }));
    expect(slots[0]!.practitionerId).toBe('p2');
  });

  it.each([
    ['morning', '2030-01-07T09:00:00.000Z', '2030-01-07T11:45:00.000Z'],
    ['afternoon', '2030-01-07T12:00:00.000Z', '2030-01-07T16:45:00.000Z'],
    ['evening', '2030-01-07T17:00:00.000Z', '2030-01-07T17:30:00.000Z'],
  ] as const)('filters by part of day: %s', (partOfDay, first, last) => {
    const starts = iso(findFreeSlots(query({ partOfDay })));
    expect(starts[0]).toBe(first);
    expect(starts.at(-1)).toBe(last);
  });

  it('skips closures and stops at the limit and at `to`', () => {
    const slots = findFreeSlots(query({ closures: ['2030-01-07'], to: new Date('2030-01-09T00:00:00Z') }));
    expect(slots[0]!.startsAt.toISOString()).toBe('2030-01-08T09:00:00.000Z');
    expect(findFreeSlots(query({ limit: 4 }))).toHaveLength(4);
    expect(findFreeSlots(query({ to: new Date('2030-01-07T10:00:00Z') }))).toHaveLength(4);
  });
});

describe('isWithinOpeningHours', () => {
  const schedule = { timezone: LONDON, openingHours: HOURS, closures: ['2030-01-08'] };
  it.each([
    ['inside', '2030-01-07T17:30:00Z', '2030-01-07T18:00:00Z', true],
    ['across closing', '2030-01-07T17:45:00Z', '2030-01-07T18:15:00Z', false],
    ['before opening', '2030-01-07T08:45:00Z', '2030-01-07T09:15:00Z', false],
    ['closure day', '2030-01-08T10:00:00Z', '2030-01-08T10:30:00Z', false],
    ['Sunday', '2030-01-13T10:00:00Z', '2030-01-13T10:30:00Z', false],
    ['summer hours in BST', '2030-07-08T08:00:00Z', '2030-07-08T08:30:00Z', true],
  ])('%s', (_name, startsAt, endsAt, expected) => {
    expect(isWithinOpeningHours({ startsAt: new Date(startsAt), endsAt: new Date(endsAt) }, schedule)).toBe(expected);
  });
});
