/**
 * Pure slot finding: clinic-local wall-clock opening hours turned into real instants (through
 * `Intl.DateTimeFormat`, so daylight-saving changes move the instants, not the wall clock), minus
 * closures, the past and each practitioner's existing bookings.
 */
import { dateTimeFormat } from '../../platform/intl';

export type OpeningHours = { weekday: number; opensAt: string; closesAt: string };
export type BusyInterval = { practitionerId: string; startsAt: Date; endsAt: Date };
export type PartOfDay = 'morning' | 'afternoon' | 'evening';
export type Slot = { startsAt: Date; endsAt: Date; practitionerId: string };
export type Interval = { startsAt: Date; endsAt: Date };

export type SlotQuery = {
  timezone: string;
  openingHours: OpeningHours[];
  /** Local dates (`YYYY-MM-DD`) the clinic is closed. */
  closures: string[];
  durationMinutes: number;
  practitioners: string[];
  busy: BusyInterval[];
  from: Date;
  to: Date;
  now: Date;
  stepMinutes?: number;
  limit: number;
  partOfDay?: PartOfDay;
  preferredPractitionerId?: string;
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

type LocalDate = { year: number; month: number; day: number };
type LocalTime = LocalDate & { hour: number; minute: number };

const LOCAL_TIME_PARTS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};

function formatterFor(timezone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-GB', { ...LOCAL_TIME_PARTS, timeZone: timezone });
}

/** The wall-clock date and time of an instant in a timezone. */
export function toLocalTime(instant: Date, timezone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

function offsetMs(instant: Date, timezone: string): number {
  const local = toLocalTime(instant, timezone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return asUtc - Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS;
}

/** The instant a wall-clock time happens in a timezone (the later offset wins inside a DST gap). */
export function fromLocalTime(local: LocalTime, timezone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = wall - offsetMs(new Date(wall), timezone);
  const second = wall - offsetMs(new Date(first), timezone);
  return new Date(second);
}

export function localDateKey(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

function parseClock(value: string): { hour: number; minute: number } {
  const [hour, minute] = value.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** The clinic's open intervals, as instants, of every local day touching [from, to). */
export function openingWindows(query: Pick<SlotQuery, 'timezone' | 'openingHours' | 'closures' | 'from' | 'to'>): Interval[] {
  const closed = new Set(query.closures);
  const windows: Interval[] = [];
  const last = localDateKey(toLocalTime(query.to, query.timezone));
  for (let date: LocalDate = toLocalTime(query.from, query.timezone); localDateKey(date) <= last; date = addDays(date, 1)) {
    if (closed.has(localDateKey(date))) continue;
    const weekday = isoWeekday(date);
    const hours = query.openingHours
      .filter((entry) => entry.weekday === weekday)
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    for (const entry of hours) {
      const startsAt = fromLocalTime({ ...date, ...parseClock(entry.opensAt) }, query.timezone);
      const endsAt = fromLocalTime({ ...date, ...parseClock(entry.closesAt) }, query.timezone);
      if (endsAt > startsAt) windows.push({ startsAt, endsAt });
    }
  }
  return windows;
}

export function partOfDayOf(instant: Date, timezone: string): PartOfDay {
  const { hour } = toLocalTime(instant, timezone);
  if (hour < 12) return 'morning';
  return hour < 17 ? 'afternoon' : 'evening';
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** Whether [startsAt, endsAt) lies inside one opening window. */
export function isWithinOpeningHours(
  interval: Interval,
  schedule: Pick<SlotQuery, 'timezone' | 'openingHours' | 'closures'>,
): boolean {
  const windows = openingWindows({ ...schedule, from: new Date(interval.startsAt.getTime() - DAY_MS), to: interval.endsAt });
  return windows.some((window) => window.startsAt <= interval.startsAt && interval.endsAt <= window.endsAt);
}

/** Practitioners free for the whole interval, the preferred one first. */
export function freePractitioners(
  interval: Interval,
  practitioners: string[],
  busy: BusyInterval[],
  preferredPractitionerId?: string,
): string[] {
  const ordered = preferredPractitionerId && practitioners.includes(preferredPractitionerId)
    ? [preferredPractitionerId, ...practitioners.filter((id) => id !== preferredPractitionerId)]
    : practitioners;
  return ordered.filter((id) => !busy.some((entry) => entry.practitionerId === id && overlaps(entry, interval)));
}

/**
 * Free start times in [from, to), earliest first, at most one per start time: a start is on the
 * opening time's `stepMinutes` grid, not before `now`, and the whole appointment ends by closing.
 */
export function findFreeSlots(query: SlotQuery): Slot[] {
  const stepMs = (query.stepMinutes ?? 15) * MINUTE_MS;
  const durationMs = query.durationMinutes * MINUTE_MS;
  const earliest = Math.max(query.from.getTime(), query.now.getTime());
  const slots: Slot[] = [];
  if (query.limit <= 0 || query.practitioners.length === 0) return slots;
  for (const window of openingWindows(query)) {
    const open = window.startsAt.getTime();
    const firstStep = Math.max(0, Math.ceil((earliest - open) / stepMs));
    for (let start = open + firstStep * stepMs; start + durationMs <= window.endsAt.getTime(); start += stepMs) {
      if (start >= query.to.getTime()) return slots;
      const interval = { startsAt: new Date(start), endsAt: new Date(start + durationMs) };
      if (query.partOfDay && partOfDayOf(interval.startsAt, query.timezone) !== query.partOfDay) continue;
      const [practitionerId] = freePractitioners(interval, query.practitioners, query.busy, query.preferredPractitionerId);
      if (!practitionerId) continue;
      slots.push({ ...interval, practitionerId });
      if (slots.length >= query.limit) return slots;
    }
  }
  return slots;
}
