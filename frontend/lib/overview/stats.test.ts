import { formatAnswerRate, formatAxisDay, formatLongDay, hasActivity, parseRange, parseStats, summariseChart, type ClinicStats, type DayStats } from './stats';

function day(date: string, overrides: Partial<DayStats> = {}): DayStats {
  return { date, calls: 0, answeredCalls: 0, emergencies: 0, bookings: 0, escalations: 0, textsIn: 0, textsOut: 0, ...overrides };
}

function makeStats(overrides: Partial<ClinicStats> = {}): ClinicStats {
  const daily = [day('2026-11-30'), day('2026-12-01', { calls: 5, answeredCalls: 4 }), day('2026-12-02', { calls: 2, answeredCalls: 2 })];
  return {
    range: '7d',
    timezone: 'Europe/London',
    today: { ...daily[2]!, openEscalations: 1, liveCalls: 0 },
    totals: { calls: 7, answeredCalls: 6, emergencies: 0, bookings: 0, escalations: 0, textsIn: 0, textsOut: 0, answerRate: 0.857 },
    daily,
    generatedAt: '2026-12-02T10:00:00.000Z',
    ...overrides,
  };
}

describe('parseRange', () => {
  it.each([
    [undefined, '7d'],
    ['7d', '7d'],
    ['30d', '30d'],
    ['90d', '7d'],
    [['30d', '7d'], '30d'],
    ['', '7d'],
  ])('%p → %p', (value, range) => {
    expect(parseRange(value)).toBe(range);
  });
});

describe('parseStats', () => {
  it('accepts the backend reply', () => {
    const stats = makeStats();
    expect(parseStats(JSON.parse(JSON.stringify(stats)))).toEqual(stats);
  });
  it('accepts a null answer rate', () => {
    expect(parseStats(makeStats({ totals: { ...makeStats().totals, answerRate: null } }))).not.toBeNull();
  });
  it.each([
    ['not an object', 'nope'],
    ['unknown range', { ...makeStats(), range: '90d' }],
    ['missing today counters', { ...makeStats(), today: day('2026-12-02') }],
    ['negative count', { ...makeStats(), daily: [day('2026-12-02', { calls: -1 })] }],
    ['bad date', { ...makeStats(), daily: [day('02/12/2026')] }],
    ['no days', { ...makeStats(), daily: [] }],
    ['answer rate as text', { ...makeStats(), totals: { ...makeStats().totals, answerRate: '86%' } }],
  ])('rejects %s', (_label, body) => {
    expect(parseStats(body)).toBeNull();
  });
});

describe('hasActivity', () => {
  it('is true with calls in the range', () => {
    expect(hasActivity(makeStats())).toBe(true);
  });
  it('is false for a clinic with nothing yet', () => {
    const empty = makeStats({
      daily: [day('2026-12-02')],
      today: { ...day('2026-12-02'), openEscalations: 0, liveCalls: 0 },
      totals: { calls: 0, answeredCalls: 0, emergencies: 0, bookings: 0, escalations: 0, textsIn: 0, textsOut: 0, answerRate: null },
    });
    expect(hasActivity(empty)).toBe(false);
  });
  it('is true while a call is live even before it is counted', () => {
    const live = makeStats({ totals: { ...makeStats().totals, calls: 0, answeredCalls: 0 }, today: { ...makeStats().today, openEscalations: 0, liveCalls: 1 } });
    expect(hasActivity(live)).toBe(true);
  });
});

describe('formatting', () => {
  it('formats the answer rate', () => {
    expect(formatAnswerRate(0.857)).toBe('86%');
    expect(formatAnswerRate(1)).toBe('100%');
    expect(formatAnswerRate(null)).toBe('—');
  });
  it('names the clinic-local calendar day the backend gave, whatever the process zone', () => {
    expect(formatAxisDay('2026-12-03', '7d')).toBe('Thu 3');
    expect(formatAxisDay('2026-12-03', '30d')).toBe('3 Dec');
    expect(formatLongDay('2026-03-29')).toBe('Sun 29 Mar');
    expect(formatLongDay('2026-12-31')).toBe('Thu 31 Dec');
  });
  it('summarises a chart for screen readers', () => {
    const { daily } = makeStats();
    expect(
      summariseChart(daily, [
        { key: 'calls', label: 'Calls' },
        { key: 'answeredCalls', label: 'Answered' },
      ]),
    ).toBe('Mon 30 Nov to Wed 2 Dec: 7 calls, 6 answered. Busiest day Tue 1 Dec (5 calls).');
  });
  it('leaves out the busiest day when nothing happened', () => {
    expect(summariseChart([day('2026-12-01'), day('2026-12-02')], [{ key: 'textsIn', label: 'Received' }])).toBe('Tue 1 Dec to Wed 2 Dec: 0 received.');
  });
});
