import { axisLabels, bandCentre, barSlot, countScale, valueToY } from '@/lib/overview/chart-scale';
import { formatAxisDay, formatLongDay, summariseChart, type DayStats, type Series, type StatsRange } from '@/lib/overview/stats';
import styles from './overview.module.css';

export type ChartTone = 'neutral' | 'brand' | 'info' | 'warning' | 'violet';
export type ChartSeries = Series & { tone: ChartTone };

const TOP_PX = 10;
const PLOT_PX = 160;
const AXIS_PX = 26;
const MONTH_LABEL_FIT = { wide: 8, narrow: 5 };
const WEEK_LABEL_FIT = { wide: 7, narrow: 4 };

type DailyBarChartProps = {
  id: string;
  title: string;
  days: DayStats[];
  series: ChartSeries[];
  range: StatsRange;
};

/**
 * Grouped bars per clinic-local day, drawn as plain SVG on the server. Screen readers get a
 * one-sentence summary and, behind a disclosure, the same numbers as a table.
 */
export function DailyBarChart({ id, title, days, series, range }: DailyBarChartProps) {
  const scale = countScale(Math.max(0, ...days.flatMap((day) => series.map(({ key }) => day[key]))));
  const labels = axisLabels(days.length, range === '7d' ? WEEK_LABEL_FIT : MONTH_LABEL_FIT);
  const headingId = `${id}-title`;

  return (
    <section className={`card ${styles.chartCard}`} aria-labelledby={headingId}>
      <div className={styles.chartHeading}>
        <h3 id={headingId}>{title}</h3>
        <ul className={styles.legend} aria-hidden="true">
          {series.map(({ key, label, tone }) => (
            <li key={key}>
              <span className={`${styles.swatch} ${styles[tone]}`} />
              {label}
            </li>
          ))}
        </ul>
      </div>
      <div className={styles.plot}>
        <svg
          className={styles.svg}
          width="100%"
          height={TOP_PX + PLOT_PX + AXIS_PX}
          role="img"
          aria-label={`${title}. ${summariseChart(days, series)}`}
        >
          {scale.ticks.map((tick) => {
            const y = TOP_PX + valueToY(tick, scale, PLOT_PX);
            return (
              <g key={tick}>
                <line className={tick === 0 ? styles.baseline : styles.gridline} x1="0" x2="100%" y1={y} y2={y} />
                <text className={styles.tickLabel} x={-8} y={y} textAnchor="end" dominantBaseline="middle">
                  {tick}
                </text>
              </g>
            );
          })}
          {days.map((day, dayIndex) => (
            <g key={day.date}>
              {series.map(({ key, label, tone }, seriesIndex) => {
                const slot = barSlot(dayIndex, days.length, seriesIndex, series.length);
                const y = TOP_PX + valueToY(day[key], scale, PLOT_PX);
                return (
                  <rect
                    key={key}
                    className={styles[tone]}
                    x={`${slot.x}%`}
                    width={`${slot.width}%`}
                    y={y}
                    height={TOP_PX + PLOT_PX - y}
                    rx={2}
                  >
                    <title>{`${formatLongDay(day.date)}: ${day[key]} ${label.toLowerCase()}`}</title>
                  </rect>
                );
              })}
              {labels[dayIndex] && (
                <text
                  className={`${styles.dayLabel} ${labels[dayIndex] === 'wide' ? (range === '7d' ? styles.weekWideOnly : styles.monthWideOnly) : ''}`}
                  x={`${bandCentre(dayIndex, days.length)}%`}
                  y={TOP_PX + PLOT_PX + 18}
                  textAnchor="middle"
                >
                  {formatAxisDay(day.date, range)}
                </text>
              )}
            </g>
          ))}
        </svg>
      </div>
      <details className={styles.dataTable}>
        <summary>Show as a table</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}, by day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map(({ key, label }) => (
                  <th key={key} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{formatLongDay(day.date)}</th>
                  {series.map(({ key }) => (
                    <td key={key}>{day[key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
