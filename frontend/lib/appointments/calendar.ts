/**
 * Pure calendar arithmetic for the appointments page. Dates are clinic-local calendar dates
 * (`YYYY-MM-DD`) and minutes after local midnight, never the browser's zone: a receptionist in
 * another country must see the clinic's day. Instants are found through `Intl.DateTimeFormat`, so
 * the 23- and 25-hour days of a daylight-saving change land on the right wall-clock times.
 */

/** `YYYY-MM-DD` in the clinic's zone. */
export type LocalDate = string;
export type OpeningHoursEntry = { weekday: number; opensAt: string; closesAt: string };
export type MinuteRange = { startMinutes: number; endMinutes: number };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The default visible day when the clinic has no opening hours for the days shown. */
export const FALLBACK_RANGE: MinuteRange = { startMinutes: 9 * 60, endMinutes: 17 * 60 };

function partsOf(date: LocalDate): [number, number, number] {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new Error(`not a local date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function fromUtcDate(value: Date): LocalDate {
  return value.toISOString().slice(0, 10);
}

/** The date itself when it is a real `YYYY-MM-DD` calendar date, else undefined. */
export function parseLocalDate(value: string | null | undefined): LocalDate | undefined {
  if (!value || !DATE_PATTERN.test(value)) return undefined;
  const [year, month, day] = partsOf(value);
  const utc = new Date(Date.UTC(year, month - 1, day));
  return utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day && year >= 1970 ? value : undefined;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = partsOf(date);
  return fromUtcDate(new Date(Date.UTC(year, month - 1, day) + days * DAY_MS));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [year, month, day] = partsOf(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The Monday of the date's week. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Monday to Sunday of the date's week. */
export function weekDates(date: LocalDate): LocalDate[] {
  const monday = startOfWeek(date);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(timeZone: string): Intl.DateTimeFormat {
  let cached = partFormatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partFormatters.set(timeZone, cached);
  }
  return cached;
}

/** The clinic-local date and minutes after local midnight of an instant. */
export function toLocalParts(instant: Date | string, timeZone: string): { date: LocalDate; minutes: number } {
  const parts: Record<string, string> = {};
  for (const part of partFormatter(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
  };
}

function offsetMs(instant: number, timeZone: string): number {
  const local = toLocalParts(new Date(instant), timeZone);
  const [year, month, day] = partsOf(local.date);
  const wall = Date.UTC(year, month - 1, day) + local.minutes * MINUTE_MS;
  return wall - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
}

/**
 * The instant a clinic-local wall-clock time happens. Inside a spring-forward gap the later
 * offset wins (02:30 that does not exist becomes 03:30), as the backend's slot finder does.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  const [year, month, day] = partsOf(date);
  const wall = Date.UTC(year, month - 1, day) + minutes * MINUTE_MS;
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

/** [local midnight of the first date, local midnight after the last): the API's from/to. */
export function dateRangeInstants(first: LocalDate, last: LocalDate, timeZone: string): { from: Date; to: Date } {
  return { from: zonedInstant(first, 0, timeZone), to: zonedInstant(addDays(last, 1), 0, timeZone) };
}

/** "09:30" → 570. */
export function parseClock(value: string): number {
  const [hour = '0', minute = '0'] = value.split(':');
  return Number(hour) * 60 + Number(minute);
}

/** 570 → "09:30". */
export function formatClock(minutes: number): string {
  const clamped = Math.max(0, Math.min(24 * 60, Math.round(minutes)));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

export function hoursOn(date: LocalDate, openingHours: readonly OpeningHoursEntry[]): OpeningHoursEntry[] {
  const weekday = isoWeekday(date);
  return openingHours.filter((entry) => entry.weekday === weekday).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
}

export function isOpenOn(date: LocalDate, openingHours: readonly OpeningHoursEntry[]): boolean {
  return hoursOn(date, openingHours).length > 0;
}

/** The first date after `date` (or `date` itself when `inclusive`) the clinic opens; undefined if it never does. */
export function nextOpenDate(date: LocalDate, openingHours: readonly OpeningHoursEntry[], options: { inclusive?: boolean } = {}): LocalDate | undefined {
  for (let offset = options.inclusive ? 0 : 1; offset <= 7; offset += 1) {
    const candidate = addDays(date, offset);
    if (isOpenOn(candidate, openingHours)) return candidate;
  }
  return undefined;
}

/**
 * The minutes to draw for these dates: from the earliest opening to the latest closing, widened
 * to take in any appointment outside the hours, rounded out to whole hours.
 */
export function visibleRange(dates: readonly LocalDate[], openingHours: readonly OpeningHoursEntry[], appointments: readonly MinuteRange[] = []): MinuteRange {
  const ranges: MinuteRange[] = [
    ...dates.flatMap((date) => hoursOn(date, openingHours).map((entry) => ({ startMinutes: parseClock(entry.opensAt), endMinutes: parseClock(entry.closesAt) }))),
    ...appointments,
  ];
  if (ranges.length === 0) return FALLBACK_RANGE;
  const start = Math.min(...ranges.map((range) => range.startMinutes));
  const end = Math.max(...ranges.map((range) => range.endMinutes));
  const startMinutes = Math.max(0, Math.floor(start / 60) * 60);
  const endMinutes = Math.min(24 * 60, Math.max(startMinutes + 60, Math.ceil(end / 60) * 60));
  return { startMinutes, endMinutes };
}

/** Whole hours from the range's start up to (not including) its end, for the time axis. */
export function hourMarks(range: MinuteRange): number[] {
  const marks: number[] = [];
  for (let minutes = Math.ceil(range.startMinutes / 60) * 60; minutes < range.endMinutes; minutes += 60) marks.push(minutes);
  return marks;
}

/** An interval as minutes on its clinic-local start date; one running past midnight stops at midnight. */
export function toDayMinutes(startsAt: string, endsAt: string, timeZone: string): { date: LocalDate } & MinuteRange {
  const start = toLocalParts(startsAt, timeZone);
  const durationMinutes = Math.max(0, (new Date(endsAt).getTime() - new Date(startsAt).getTime()) / MINUTE_MS);
  return { date: start.date, startMinutes: start.minutes, endMinutes: Math.min(24 * 60, start.minutes + durationMinutes) };
}

export type Placed<T> = { item: T; column: number; columns: number };

/**
 * Side-by-side placement of one day's blocks: blocks that overlap, directly or through a chain,
 * form a cluster sharing its width; each takes the leftmost column free at its start.
 */
export function layoutOverlaps<T extends MinuteRange>(items: readonly T[]): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.startMinutes - b.startMinutes || b.endMinutes - a.endMinutes);
  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let columnEnds: number[] = [];
  let clusterEnd = -Infinity;

  const closeCluster = () => {
    for (const entry of cluster) entry.columns = columnEnds.length;
    cluster = [];
    columnEnds = [];
  };

  for (const item of sorted) {
    if (item.startMinutes >= clusterEnd) {
      closeCluster();
      clusterEnd = item.endMinutes;
    } else {
      clusterEnd = Math.max(clusterEnd, item.endMinutes);
    }
    let column = columnEnds.findIndex((end) => end <= item.startMinutes);
    if (column === -1) {
      column = columnEnds.length;
      columnEnds.push(item.endMinutes);
    } else {
      columnEnds[column] = item.endMinutes;
    }
    const entry: Placed<T> = { item, column, columns: 1 };
    cluster.push(entry);
    placed.push(entry);
  }
  closeCluster();
  return placed;
}

/** CSS percentages of a block inside the visible range, kept inside it and at least `minPercent` tall. */
export function blockBox(block: MinuteRange, range: MinuteRange, placement: { column: number; columns: number }, minPercent = 2): { top: number; height: number; left: number; width: number } {
  const span = range.endMinutes - range.startMinutes;
  const start = Math.max(range.startMinutes, Math.min(block.startMinutes, range.endMinutes));
  const end = Math.max(start, Math.min(block.endMinutes, range.endMinutes));
  const top = ((start - range.startMinutes) / span) * 100;
  const height = Math.min(100 - top, Math.max(minPercent, ((end - start) / span) * 100));
  return { top, height, left: (placement.column / placement.columns) * 100, width: 100 / placement.columns };
}
