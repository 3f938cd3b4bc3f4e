'use client';

import { LIMITS, WEEKDAYS, type HoursPeriod } from '@/lib/agent/agent-form';
import { FieldError, invalidProps } from './field-error';
import { fieldId } from './field-id';
import styles from './agent.module.css';

type OpeningHoursEditorProps = {
  hours: Record<number, HoursPeriod[]>;
  errors: Record<string, string>;
  onChange: (hours: Record<number, HoursPeriod[]>) => void;
};

const DEFAULT_PERIOD: HoursPeriod = { opensAt: '09:00', closesAt: '17:00' };

/** One row per weekday; a day with no period is closed, a split day has several. */
export function OpeningHoursEditor({ hours, errors, onChange }: OpeningHoursEditorProps) {
  function setDay(weekday: number, periods: HoursPeriod[]) {
    onChange({ ...hours, [weekday]: periods });
  }

  return (
    <div className={styles.hoursGrid}>
      <FieldError errors={errors} name="hours" />
      {WEEKDAYS.map(({ weekday, label }) => {
        const periods = hours[weekday] ?? [];
        const last = periods[periods.length - 1];
        return (
          <div key={weekday} className={styles.hoursDay} role="group" aria-labelledby={`weekday-${weekday}`}>
            <span id={`weekday-${weekday}`} className={styles.weekday}>
              {label}
            </span>
            <div className={styles.periods}>
              {periods.length === 0 && <span className={`muted ${styles.closed}`}>Closed</span>}
              {periods.map((period, index) => {
                const key = `hours.${weekday}.${index}`;
                return (
                  <div key={index} className={styles.period}>
                    <div className={styles.timeField}>
                      <label htmlFor={fieldId(`${key}.opensAt`)} className="visually-hidden">
                        {label} period {index + 1} opens
                      </label>
                      <input
                        id={fieldId(`${key}.opensAt`)}
                        type="time"
                        className="input"
                        value={period.opensAt}
                        {...invalidProps(errors, `${key}.opensAt`)}
                        onChange={(event) => setDay(weekday, periods.map((p, i) => (i === index ? { ...p, opensAt: event.target.value } : p)))}
                      />
                    </div>
                    <span aria-hidden="true">–</span>
                    <div className={styles.timeField}>
                      <label htmlFor={fieldId(`${key}.closesAt`)} className="visually-hidden">
                        {label} period {index + 1} closes
                      </label>
                      <input
                        id={fieldId(`${key}.closesAt`)}
                        type="time"
                        className="input"
                        value={period.closesAt}
                        {...invalidProps(errors, `${key}.closesAt`)}
                        onChange={(event) => setDay(weekday, periods.map((p, i) => (i === index ? { ...p, closesAt: event.target.value } : p)))}
                      />
                    </div>
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      aria-label={`Remove ${label} ${period.opensAt}–${period.closesAt}`}
                      onClick={() => setDay(weekday, periods.filter((_, i) => i !== index))}
                    >
                      Remove
                    </button>
                    <div className={styles.periodErrors}>
                      <FieldError errors={errors} name={`${key}.opensAt`} />
                      <FieldError errors={errors} name={`${key}.closesAt`} />
                    </div>
                  </div>
                );
              })}
              {periods.length < LIMITS.periodsPerDay && (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={periods.length === 0 ? `Open on ${label}` : `Add period on ${label}`}
                  onClick={() =>
                    setDay(weekday, [...periods, last ? { opensAt: laterBy(last.closesAt, 1), closesAt: laterBy(last.closesAt, 3) } : DEFAULT_PERIOD])
                  }
                >
                  {periods.length === 0 ? 'Open' : 'Add period'}
                </button>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** `time` plus whole hours, kept within the day (a split day's next period starts after the last). */
function laterBy(time: string, hours: number): string {
  const hour = Number(time.slice(0, 2)) + hours;
  return hour > 23 ? '23:59' : `${String(hour).padStart(2, '0')}:${time.slice(3, 5)}`;
}
