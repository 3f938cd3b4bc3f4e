import {
  addDays,
  blockBox,
  dateRangeInstants,
  hourMarks,
  isoWeekday,
  layoutOverlaps,
  nextOpenDate,
  parseLocalDate,
  startOfWeek,
  toDayMinutes,
  toLocalParts,
  visibleRange,
  weekDates,
  zonedInstant,
} from './calendar';

const LONDON = 'Europe/London';
const HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '18:00' })).concat({ weekday: 6, opensAt: '10:00', closesAt: '14:00' });

describe('local dates', () => {
  it.each([
    ['2026-12-07', '2026-12-07'],
    ['2026-02-29', undefined],
    ['2028-02-29', '2028-02-29'],
    ['2026-13-01', undefined],
    ['7 Dec', undefined],
    [null, undefined],
  ])('parseLocalDate(%p) is %p', (value, expected) => {
    expect(parseLocalDate(value)).toBe(expected);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  it.each([
    ['2026-12-07', 1, '2026-12-07'],
    ['2026-12-09', 3, '2026-12-07'],
    ['2026-12-13', 7, '2026-12-07'],
    ['2027-01-01', 5, '2026-12-28'],
  ])('%s is weekday %i of the week starting %s', (date, weekday, monday) => {
    expect(isoWeekday(date)).toBe(weekday);
    expect(startOfWeek(date)).toBe(monday);
  });

  it('lists Monday to Sunday', () => {
    expect(weekDates('2026-03-25')).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
  });

  it('finds the next day the clinic opens, skipping Sunday', () => {
    expect(nextOpenDate('2026-12-05', HOURS)).toBe('2026-12-07');
    expect(nextOpenDate('2026-12-04', HOURS)).toBe('2026-12-05');
    expect(nextOpenDate('2026-12-07', HOURS, { inclusive: true })).toBe('2026-12-07');
    expect(nextOpenDate('2026-12-07', [])).toBeUndefined();
  });
});

describe('clinic-local instants', () => {
  it('turns wall-clock times into instants on both sides of a DST change', () => {
    expect(zonedInstant('2026-01-12', 9 * 60, LONDON).toISOString()).toBe('2026-01-12T09:00:00.000Z');
    expect(zonedInstant('2026-07-13', 9 * 60, LONDON).toISOString()).toBe('2026-07-13T08:00:00.000Z');
    expect(zonedInstant('2026-12-07', 9 * 60, 'America/New_York').toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('moves a time inside the spring-forward gap to after it', () => {
    expect(zonedInstant('2026-03-29', 90, LONDON).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('spans 23 hours on the spring day and 25 on the autumn day', () => {
    const spring = dateRangeInstants('2026-03-29', '2026-03-29', LONDON);
    expect(spring.from.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect((spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(23);
    const autumn = dateRangeInstants('2026-10-25', '2026-10-25', LONDON);
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(25);
    const week = dateRangeInstants('2026-03-23', '2026-03-29', LONDON);
    expect(week.from.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('reads an instant as the clinic’s date and minutes, not the browser’s', () => {
    expect(toLocalParts('2026-07-13T23:30:00Z', LONDON)).toEqual({ date: '2026-07-14', minutes: 30 });
    expect(toLocalParts('2026-12-07T23:30:00Z', 'Australia/Sydney')).toEqual({ date: '2026-12-08', minutes: 630 });
  });

  it('places an appointment in wall-clock minutes of its local day', () => {
    expect(toDayMinutes('2026-07-13T08:00:00Z', '2026-07-13T08:45:00Z', LONDON)).toEqual({ date: '2026-07-13', startMinutes: 540, endMinutes: 585 });
    expect(toDayMinutes('2026-07-13T22:30:00Z', '2026-07-14T00:30:00Z', LONDON)).toMatchObject({ startMinutes: 1410, endMinutes: 1440 });
  });
});

describe('visible range', () => {
  it('spans the earliest opening to the latest closing of the days shown', () => {
    expect(visibleRange(['2026-12-07'], HOURS)).toEqual({ startMinutes: 540, endMinutes: 1080 });
    expect(visibleRange(['2026-12-12'], HOURS)).toEqual({ startMinutes: 600, endMinutes: 840 });
    expect(visibleRange(weekDates('2026-12-07'), HOURS)).toEqual({ startMinutes: 540, endMinutes: 1080 });
  });

  it('widens to whole hours around appointments outside the hours', () => {
    expect(visibleRange(['2026-12-07'], HOURS, [{ startMinutes: 8 * 60 + 15, endMinutes: 8 * 60 + 45 }, { startMinutes: 1085, endMinutes: 1110 }])).toEqual({
      startMinutes: 480,
      endMinutes: 1140,
    });
  });

  it('falls back to 09:00–17:00 on a closed day with nothing booked', () => {
    expect(visibleRange(['2026-12-13'], HOURS)).toEqual({ startMinutes: 540, endMinutes: 1020 });
    expect(hourMarks({ startMinutes: 540, endMinutes: 1020 })).toEqual([540, 600, 660, 720, 780, 840, 900, 960]);
  });
});

describe('overlap layout', () => {
  const block = (id: string, start: string, end: string) => {
    const [sh, sm] = start.split(':').map(Number);
    const [eh, em] = end.split(':').map(Number);
    return { id, startMinutes: sh! * 60 + sm!, endMinutes: eh! * 60 + em! };
  };
  const columns = (items: ReturnType<typeof block>[]) =>
    Object.fromEntries(layoutOverlaps(items).map(({ item, column, columns: count }) => [item.id, `${column}/${count}`]));

  it('gives separate blocks the full width', () => {
    expect(columns([block('a', '09:00', '10:00'), block('b', '10:00', '11:00')])).toEqual({ a: '0/1', b: '0/1' });
  });

  it('puts overlapping blocks side by side', () => {
    expect(columns([block('a', '09:00', '10:00'), block('b', '09:30', '10:30'), block('c', '09:45', '10:15')])).toEqual({ a: '0/3', b: '1/3', c: '2/3' });
  });

  it('reuses a freed column within a chain and shares the cluster width', () => {
    expect(columns([block('a', '09:00', '10:00'), block('b', '09:30', '11:00'), block('c', '10:00', '10:30'), block('d', '12:00', '12:30')])).toEqual({
      a: '0/2',
      b: '1/2',
      c: '0/2',
      d: '0/1',
    });
  });

  it('puts the longer of two same-start blocks first, whatever the input order', () => {
    expect(columns([block('short', '09:00', '09:30'), block('long', '09:00', '11:00')])).toEqual({ long: '0/2', short: '1/2' });
  });

  it('boxes a block in percentages, clamped to the range, never invisibly thin', () => {
    const range = { startMinutes: 540, endMinutes: 1080 };
    expect(blockBox({ startMinutes: 600, endMinutes: 660 }, range, { column: 1, columns: 2 })).toEqual({ top: (60 / 540) * 100, height: (60 / 540) * 100, left: 50, width: 50 });
    expect(blockBox({ startMinutes: 1075, endMinutes: 1200 }, range, { column: 0, columns: 1 }).height).toBeCloseTo(100 - (535 / 540) * 100);
    expect(blockBox({ startMinutes: 700, endMinutes: 700 }, range, { column: 0, columns: 1 }).height).toBe(2);
  });
});
