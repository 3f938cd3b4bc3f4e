import { randomUUID } from 'node:crypto';
import type { Cache } from '../../platform/cache';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { Clock } from '../../platform/jobs/job-types';
import { STATS_RANGES, type ClinicStats, type DayStats, type StatsRange } from './stats.schemas';

// The overview is read every few seconds by every open dashboard: cached, and dropped by every
// event that changes a number (see services.ts). The TTL bounds staleness from the clock alone
// (a new day) and from changes no event reports.
const TTL_SECONDS = 60;

type DayRow = {
  date: string;
  calls: number;
  answered_calls: number;
  emergencies: number;
  bookings: number;
  escalations: number;
  texts_in: number;
  texts_out: number;
};

// One pass per table over the range, grouped by the clinic's local date; days without activity
// come from generate_series. Every count is an index range scan on (clinic_id, created_at).
const DAILY_SQL = `
WITH clinic AS (SELECT timezone FROM clinics WHERE id = $1),
bounds AS (
  SELECT (($2::timestamptz AT TIME ZONE clinic.timezone)::date - ($3::int - 1)) AS first_day,
         ($2::timestamptz AT TIME ZONE clinic.timezone)::date AS last_day,
         clinic.timezone
    FROM clinic
),
window_start AS (SELECT (first_day::timestamp AT TIME ZONE timezone) AS at, timezone FROM bounds),
calls_by_day AS (
  SELECT (c.created_at AT TIME ZONE w.timezone)::date AS day, count(*)::int AS calls,
         count(*) FILTER (WHERE c.outcome IS NOT NULL AND c.outcome <> 'abandoned')::int AS answered_calls,
         count(*) FILTER (WHERE c.emergency_at IS NOT NULL OR c.outcome = 'emergency')::int AS emergencies
    FROM calls c, window_start w WHERE c.clinic_id = $1 AND c.created_at >= w.at GROUP BY 1
),
bookings_by_day AS (
  SELECT (a.created_at AT TIME ZONE w.timezone)::date AS day, count(*)::int AS bookings
    FROM appointments a, window_start w WHERE a.clinic_id = $1 AND a.created_at >= w.at GROUP BY 1
),
escalations_by_day AS (
  SELECT (e.created_at AT TIME ZONE w.timezone)::date AS day, count(*)::int AS escalations
    FROM escalations e, window_start w WHERE e.clinic_id = $1 AND e.created_at >= w.at GROUP BY 1
),
texts_by_day AS (
  SELECT (m.created_at AT TIME ZONE w.timezone)::date AS day,
         count(*) FILTER (WHERE m.direction = 'inbound')::int AS texts_in,
         count(*) FILTER (WHERE m.direction = 'outbound')::int AS texts_out
    FROM messages m, window_start w WHERE m.clinic_id = $1 AND m.created_at >= w.at GROUP BY 1
)
SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
       coalesce(c.calls, 0) AS calls, coalesce(c.answered_calls, 0) AS answered_calls, coalesce(c.emergencies, 0) AS emergencies,
       coalesce(b.bookings, 0) AS bookings, coalesce(e.escalations, 0) AS escalations,
       coalesce(t.texts_in, 0) AS texts_in, coalesce(t.texts_out, 0) AS texts_out
  FROM (SELECT g::date AS day FROM bounds, generate_series(bounds.first_day, bounds.last_day, interval '1 day') AS g) d
  LEFT JOIN calls_by_day c ON c.day = d.day
  LEFT JOIN bookings_by_day b ON b.day = d.day
  LEFT JOIN escalations_by_day e ON e.day = d.day
  LEFT JOIN texts_by_day t ON t.day = d.day
 ORDER BY d.day`;

function toDay(row: DayRow): DayStats {
  return {
    date: row.date,
    calls: row.calls,
    answeredCalls: row.answered_calls,
    emergencies: row.emergencies,
    bookings: row.bookings,
    escalations: row.escalations,
    textsIn: row.texts_in,
    textsOut: row.texts_out,
  };
}

/**
 * The overview numbers of `GET …/stats`, computed in SQL in the clinic's time zone and cached
 * per clinic and range (Redis when configured). `invalidate` moves the clinic to a new cache
 * generation, so every instance recomputes on its next read.
 */
export function createStatsService(deps: { db: Db; cache: Cache; clock: Clock }) {
  const generationKey = (clinicId: string) => `stats:generation:${clinicId}`;

  async function compute(clinicId: string, range: StatsRange): Promise<ClinicStats> {
    const now = deps.clock.now();
    const [daily, current] = await Promise.all([
      deps.db.query<DayRow>(DAILY_SQL, [clinicId, now, STATS_RANGES[range]]),
      deps.db.query<{ timezone: string; open_escalations: number; live_calls: number }>(
        `SELECT timezone,
                (SELECT count(*)::int FROM escalations WHERE clinic_id = $1 AND status = 'open') AS open_escalations,
                (SELECT count(*)::int FROM calls WHERE clinic_id = $1 AND status <> 'ended') AS live_calls
           FROM clinics WHERE id = $1`,
        [clinicId],
      ),
    ]);
    const clinic = current.rows[0];
    if (!clinic) throw notFound('Clinic');
    const days = daily.rows.map(toDay);
    const sum = (field: keyof Omit<DayStats, 'date'>) => days.reduce((total, day) => total + day[field], 0);
    const totals = {
      calls: sum('calls'),
      answeredCalls: sum('answeredCalls'),
      emergencies: sum('emergencies'),
      bookings: sum('bookings'),
      escalations: sum('escalations'),
      textsIn: sum('textsIn'),
      textsOut: sum('textsOut'),
    };
    return {
      range,
      timezone: clinic.timezone,
      today: { ...days[days.length - 1]!, openEscalations: clinic.open_escalations, liveCalls: clinic.live_calls },
      totals: { ...totals, answerRate: totals.calls === 0 ? null : Math.round((totals.answeredCalls / totals.calls) * 1000) / 1000 },
      daily: days,
      generatedAt: now.toISOString(),
    };
  }

  return {
    async getStats(clinicId: string, range: StatsRange): Promise<ClinicStats> {
      const generation = (await deps.cache.get<string>(generationKey(clinicId))) ?? 'initial';
      return deps.cache.getOrSet(`stats:${clinicId}:${range}:${generation}`, TTL_SECONDS, () => compute(clinicId, range));
    },

    /** After any change the overview counts: the next read recomputes, on every instance. */
    async invalidate(clinicId: string): Promise<void> {
      await deps.cache.set(generationKey(clinicId), randomUUID(), 86_400);
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
