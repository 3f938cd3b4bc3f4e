'use client';

import styles from './appointments.module.css';

export type CalendarView = 'day' | 'week';

type CalendarToolbarProps = {
  view: CalendarView;
  title: string;
  isToday: boolean;
  onView: (view: CalendarView) => void;
  onStep: (direction: -1 | 1) => void;
  onToday: () => void;
  showCancelled: boolean;
  onShowCancelled: (value: boolean) => void;
};

export function CalendarToolbar({ view, title, isToday, onView, onStep, onToday, showCancelled, onShowCancelled }: CalendarToolbarProps) {
  const unit = view === 'day' ? 'day' : 'week';
  return (
    <div className={styles.toolbar}>
      <div className={styles.navGroup}>
        <button type="button" className="button button-secondary button-small" onClick={() => onStep(-1)} aria-label={`Previous ${unit}`}>
          <span aria-hidden="true">‹</span>
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onToday} disabled={isToday}>
          Today
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onStep(1)} aria-label={`Next ${unit}`}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <h2 className={styles.rangeTitle} aria-live="polite">
        {title}
      </h2>
      <div className={styles.toolbarEnd}>
        <label className={styles.checkbox}>
          <input type="checkbox" checked={showCancelled} onChange={(event) => onShowCancelled(event.target.checked)} />
          Show cancelled
        </label>
        <div className={styles.segmented} role="group" aria-label="View">
          {(['day', 'week'] as const).map((option) => (
            <button key={option} type="button" className={styles.segment} aria-pressed={view === option} onClick={() => onView(option)}>
              {option === 'day' ? 'Day' : 'Week'}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
