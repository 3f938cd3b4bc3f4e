/** The overview's data: `GET /clinics/:id/stats?range=7d|30d` (backend `stats.schemas.ts`). */

export const RANGES = ['7d', '30d'] as const;
export type StatsRange = (typeof RANGES)[number];

export type DayStats = {
  /** YYYY-MM-DD, a calendar day in the clinic's time zone. */
  date: string;
  calls: number;
  answeredCalls: number;
  emergencies: number;
  bookings: number;
  escalations: number;
  textsIn: number;
  textsOut: number;
};

export type DayCount = Exclude<keyof DayStats, 'date'>;

export type ClinicStats = {
  range: StatsRange;
  timezone: string;
  today: DayStats & { openEscalations: number; liveCalls: number };
  totals: Omit<DayStats, 'date'> & { answerRate: number | null };
  /** Oldest first, today last. */
  daily: DayStats[];
  generatedAt: string;
};

const COUNTS: DayCount[] = ['calls', 'answeredCalls', 'emergencies', 'bookings', 'escalations', 'textsIn', 'textsOut'];
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `?range=` as the page got it; anything unknown is the default week. */
export function parseRange(value: string | string[] | undefined): StatsRange {
  const first = Array.isArray(value) ? value[0] : value;
  return RANGES.find((range) => range === first) ?? '7d';
}

type Fields = Record<string, unknown>;

function asFields(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function hasCounts(fields: Fields | null): boolean {
  return fields !== null && COUNTS.every((key) => isCount(fields[key]));
}

function isDay(value: unknown): boolean {
  const fields = asFields(value);
  return hasCounts(fields) && typeof fields?.date === 'string' && DATE_PATTERN.test(fields.date);
}

/** The reply, checked before the page draws from it; `null` when it is not the shape we know. */
export function parseStats(body: unknown): ClinicStats | null {
  const stats = asFields(body);
  const today = asFields(stats?.today);
  const totals = asFields(stats?.totals);
  if (!stats || !today || !totals) return null;
  if (!RANGES.includes(stats.range as StatsRange) || typeof stats.timezone !== 'string' || typeof stats.generatedAt !== 'string') return null;
  if (!isDay(today) || !isCount(today.openEscalations) || !isCount(today.liveCalls)) return null;
  if (!hasCounts(totals) || !(totals.answerRate === null || typeof totals.answerRate === 'number')) return null;
  if (!Array.isArray(stats.daily) || stats.daily.length === 0 || !stats.daily.every(isDay)) return null;
  return body as ClinicStats;
}

/** Nothing happened in the whole range: the charts would be flat lines. */
export function hasActivity(stats: ClinicStats): boolean {
  return COUNTS.some((key) => stats.totals[key] > 0) || stats.today.openEscalations > 0 || stats.today.liveCalls > 0;
}

/** 0.923 → "92%"; no calls → "—". */
export function formatAnswerRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

const dayFormats = {
  axis7: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }),
  axis30: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }),
  long: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
};

// The backend already grouped by the clinic's local calendar day; formatting that date at noon
// UTC in UTC names the same day whatever the server's or the viewer's zone.
function calendarDay(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!, 12));
}

/** Axis label: "Thu 3" over a week, "3 Dec" over a month. */
export function formatAxisDay(date: string, range: StatsRange): string {
  return (range === '7d' ? dayFormats.axis7 : dayFormats.axis30).format(calendarDay(date));
}

/** "Thu 3 Dec". */
export function formatLongDay(date: string): string {
  return dayFormats.long.format(calendarDay(date));
}

export type Series = { key: DayCount; label: string };

/**
 * What a screen reader hears for a chart: the period, each series' total and the busiest day of
 * the first series, e.g. "28 Nov to 4 Dec: 12 calls, 10 answered. Busiest day Tue 1 Dec (5 calls)."
 */
export function summariseChart(days: DayStats[], series: Series[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last || series.length === 0) return 'No data.';
  const totals = series.map(({ key, label }) => `${days.reduce((sum, day) => sum + day[key], 0)} ${label.toLowerCase()}`);
  const lead = series[0]!;
  const busiest = days.reduce((best, day) => (day[lead.key] > best[lead.key] ? day : best), first);
  const period = `${formatLongDay(first.date)} to ${formatLongDay(last.date)}`;
  const peak = busiest[lead.key] > 0 ? ` Busiest day ${formatLongDay(busiest.date)} (${busiest[lead.key]} ${lead.label.toLowerCase()}).` : '';
  return `${period}: ${totals.join(', ')}.${peak}`;
}
