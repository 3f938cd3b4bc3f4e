import { z } from 'zod';

export const STATS_RANGES = { '7d': 7, '30d': 30 } as const;
export type StatsRange = keyof typeof STATS_RANGES;

export const StatsQuery = z.object({ range: z.enum(['7d', '30d']).default('7d') }).strict();

/** One local day of the clinic. */
export type DayStats = {
  /** YYYY-MM-DD in the clinic's time zone. */
  date: string;
  calls: number;
  /** Calls that reached an outcome other than `abandoned`. */
  answeredCalls: number;
  emergencies: number;
  bookings: number;
  escalations: number;
  textsIn: number;
  textsOut: number;
};

export type ClinicStats = {
  range: StatsRange;
  timezone: string;
  today: DayStats & { openEscalations: number; liveCalls: number };
  totals: Omit<DayStats, 'date'> & { answerRate: number | null };
  /** Oldest first, one entry per day of the range, today last. */
  daily: DayStats[];
  generatedAt: string;
};
