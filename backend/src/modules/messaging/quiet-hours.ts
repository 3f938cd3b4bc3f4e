import { fromLocalTime, toLocalTime } from '../scheduling/slots';

/**
 * Automated texts (reminders, confirmations of changes patients did not just make, owner
 * summaries) are never sent between 21:00 and 08:00 clinic time: one queued then waits for
 * 08:00. Replies to a patient who just wrote, staff messages and emergency alerts are exempt.
 */
export const QUIET_HOURS = { startHour: 21, endHour: 8 } as const;

const DAY_MS = 86_400_000;

/** When a text due at `now` may go out: `now` itself outside quiet hours, else the next 08:00 local. */
export function quietHoursRelease(now: Date, timeZone: string): Date {
  const local = toLocalTime(now, timeZone);
  if (local.hour >= QUIET_HOURS.endHour && local.hour < QUIET_HOURS.startHour) return now;
  // After 21:00 the release is tomorrow's 08:00; after midnight, today's.
  const day = local.hour >= QUIET_HOURS.startHour ? toLocalTime(new Date(now.getTime() + DAY_MS / 2), timeZone) : local;
  return fromLocalTime({ year: day.year, month: day.month, day: day.day, hour: QUIET_HOURS.endHour, minute: 0 }, timeZone);
}
