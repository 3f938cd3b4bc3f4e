import { notFound, redirect } from 'next/navigation';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { serverGet } from '@/lib/backend/server-api';
import { formatTime } from '@/lib/format';
import { formatLongDay, hasActivity, parseStats, type StatsRange } from '@/lib/overview/stats';
import { EXPIRED_SESSION_PATH } from '@/lib/session/expired-session';
import { AutoRefresh } from './auto-refresh';
import { DailyBarChart, type ChartSeries } from './daily-bar-chart';
import { StatCards } from './stat-cards';
import styles from './overview.module.css';

const REFRESH_MS = 30_000;

const CALLS: ChartSeries[] = [
  { key: 'calls', label: 'Calls', tone: 'neutral' },
  { key: 'answeredCalls', label: 'Answered', tone: 'brand' },
];
const OUTCOMES: ChartSeries[] = [
  { key: 'bookings', label: 'Bookings', tone: 'info' },
  { key: 'escalations', label: 'Escalations', tone: 'warning' },
];
const TEXTS: ChartSeries[] = [
  { key: 'textsIn', label: 'Received', tone: 'violet' },
  { key: 'textsOut', label: 'Sent', tone: 'brand' },
];

/** The numbers of the overview, fetched on the server so the page arrives drawn. */
export async function OverviewStats({ clinicId, range }: { clinicId: string; range: StatsRange }) {
  const outcome = await serverGet(`/clinics/${encodeURIComponent(clinicId)}/stats?range=${range}`, parseStats);
  if (outcome.kind === 'rejected' && outcome.status === 404) notFound();
  if (outcome.kind === 'rejected' && outcome.status === 401) redirect(EXPIRED_SESSION_PATH);
  if (outcome.kind !== 'ok') {
    return (
      <div className={styles.failed}>
        <ErrorState message={outcome.error.message} />
        <a className="button button-secondary button-small" href={range === '7d' ? '?' : `?range=${range}`}>
          Try again
        </a>
      </div>
    );
  }
  const stats = outcome.value;
  const days = range === '7d' ? '7 days' : '30 days';

  return (
    <>
      <AutoRefresh intervalMs={REFRESH_MS} />
      <p className={`muted ${styles.asOf}`}>
        Today, {formatLongDay(stats.today.date)} · updated {formatTime(stats.generatedAt, stats.timezone)}
      </p>
      <StatCards clinicId={clinicId} stats={stats} />
      <h2 className={styles.sectionTitle}>Last {days}</h2>
      {hasActivity(stats) ? (
        <div className={styles.charts}>
          <DailyBarChart id="chart-calls" title="Calls and answered" days={stats.daily} series={CALLS} range={range} />
          <DailyBarChart id="chart-outcomes" title="Bookings and escalations" days={stats.daily} series={OUTCOMES} range={range} />
          <DailyBarChart id="chart-texts" title="Text messages" days={stats.daily} series={TEXTS} range={range} />
        </div>
      ) : (
        <EmptyState title="No calls yet">
          Nothing in the last {days}. Calls, bookings, escalations and texts appear here, day by day, as soon as the assistant answers its
          first patient.
        </EmptyState>
      )}
    </>
  );
}

/** Shaped like the overview, so nothing jumps when the numbers arrive. */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">Loading the overview…</span>
      <ul className={styles.stats} aria-hidden="true">
        {Array.from({ length: 5 }, (_, index) => (
          <li key={index}>
            <div className={`card ${styles.statCard}`}>
              <span className={`skeleton-row ${styles.skeletonLabel}`} />
              <span className={`skeleton-row ${styles.skeletonValue}`} />
            </div>
          </li>
        ))}
      </ul>
      <div className={styles.charts} aria-hidden="true">
        {Array.from({ length: 3 }, (_, index) => (
          <div key={index} className={`card ${styles.chartCard} ${styles.skeletonChart}`} />
        ))}
      </div>
    </div>
  );
}
