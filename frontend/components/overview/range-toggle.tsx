import Link from 'next/link';
import { RANGES, type StatsRange } from '@/lib/overview/stats';
import styles from './overview.module.css';

const LABELS: Record<StatsRange, string> = { '7d': '7 days', '30d': '30 days' };

/** The chart range lives in the URL (`?range=30d`), so it survives reloads and can be shared. */
export function RangeToggle({ basePath, current }: { basePath: string; current: StatsRange }) {
  return (
    <div className={styles.rangeToggle} role="group" aria-label="Chart range">
      {RANGES.map((range) => (
        <Link
          key={range}
          href={range === '7d' ? basePath : `${basePath}?range=${range}`}
          className={styles.rangeOption}
          aria-current={range === current ? 'page' : undefined}
          scroll={false}
        >
          {LABELS[range]}
        </Link>
      ))}
    </div>
  );
}
