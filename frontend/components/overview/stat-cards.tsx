import Link from 'next/link';
import type { ReactNode } from 'react';
import { clinicHref } from '@/components/shell/nav-items';
import { formatAnswerRate, type ClinicStats } from '@/lib/overview/stats';
import styles from './overview.module.css';

type StatCardProps = { label: string; value: ReactNode; detail: ReactNode; href?: string; tone?: 'alert' | 'live' };

function StatCard({ label, value, detail, href, tone }: StatCardProps) {
  const body = (
    <>
      <span className={styles.statLabel}>{label}</span>
      <span className={styles.statValue}>{value}</span>
      <span className={styles.statDetail}>{detail}</span>
    </>
  );
  const className = `card ${styles.statCard} ${tone ? styles[tone] : ''}`;
  return href ? (
    <Link className={`${className} ${styles.statLink}`} href={href}>
      {body}
    </Link>
  ) : (
    <div className={className}>{body}</div>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Today's headline numbers; the answer rate covers the chosen range. */
export function StatCards({ clinicId, stats }: { clinicId: string; stats: ClinicStats }) {
  const { today, totals } = stats;
  const days = stats.range === '7d' ? '7 days' : '30 days';
  return (
    <ul className={styles.stats} aria-label="Today">
      <li>
        <StatCard
          label="Calls today"
          value={today.calls}
          detail={today.emergencies > 0 ? `${today.answeredCalls} answered · ${plural(today.emergencies, 'emergency', 'emergencies')}` : `${today.answeredCalls} answered`}
        />
      </li>
      <li>
        <StatCard label="Bookings today" value={today.bookings} detail={`${totals.bookings} in the last ${days}`} />
      </li>
      <li>
        <StatCard
          label="Open escalations"
          value={today.openEscalations}
          detail={<span className={styles.linkHint}>{today.openEscalations > 0 ? 'Review escalations' : 'View escalations'}</span>}
          href={clinicHref(clinicId, 'escalations')}
          tone={today.openEscalations > 0 ? 'alert' : undefined}
        />
      </li>
      <li>
        <StatCard
          label={`Answer rate, ${days}`}
          value={formatAnswerRate(totals.answerRate)}
          detail={totals.calls === 0 ? 'No calls yet' : `${totals.answeredCalls} of ${plural(totals.calls, 'call', 'calls')}`}
        />
      </li>
      <li>
        <StatCard
          label="Live calls now"
          value={
            <>
              {today.liveCalls > 0 && <span className={styles.liveDot} aria-hidden="true" />}
              {today.liveCalls}
            </>
          }
          detail={<span className={styles.linkHint}>{today.liveCalls > 0 ? 'Listen in' : 'Open live view'}</span>}
          href={clinicHref(clinicId, 'live')}
          tone={today.liveCalls > 0 ? 'live' : undefined}
        />
      </li>
    </ul>
  );
}
