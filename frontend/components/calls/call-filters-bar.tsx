'use client';

import { outcomeLabel } from '@/lib/calls/call-display';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calls/call-types';
import { MAX_QUERY_LENGTH, type CallFilters } from '@/lib/calls/call-filters';
import styles from './calls.module.css';

type CallFiltersBarProps = {
  searchText: string;
  filters: CallFilters;
  timeZone: string;
  dateProblem: string | null;
  isActive: boolean;
  onSearchText: (text: string) => void;
  onSearchNow: () => void;
  onChange: (change: Partial<CallFilters>) => void;
  onClear: () => void;
};

export function CallFiltersBar(props: CallFiltersBarProps) {
  const { filters } = props;
  const toggleOutcome = (outcome: CallOutcome, isOn: boolean) => {
    const next = new Set(filters.outcomes);
    if (isOn) next.add(outcome);
    else next.delete(outcome);
    props.onChange({ outcomes: CALL_OUTCOMES.filter((value) => next.has(value)) });
  };

  return (
    <form
      className={styles.filters}
      role="search"
      aria-label="Filter calls"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSearchNow();
      }}
    >
      <div className={`field ${styles.searchField}`}>
        <label htmlFor="calls-search">Search transcripts</label>
        <input
          id="calls-search"
          className="input"
          type="search"
          value={props.searchText}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Words, a name or a phone number"
          autoComplete="off"
          onChange={(event) => props.onSearchText(event.target.value)}
        />
      </div>
      <div className={styles.dates}>
        <div className="field">
          <label htmlFor="calls-from">From</label>
          <input
            id="calls-from"
            className="input"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            aria-invalid={props.dateProblem ? true : undefined}
            aria-describedby="calls-dates-note"
            onChange={(event) => props.onChange({ from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="calls-to">To</label>
          <input
            id="calls-to"
            className="input"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            aria-invalid={props.dateProblem ? true : undefined}
            aria-describedby="calls-dates-note"
            onChange={(event) => props.onChange({ to: event.target.value })}
          />
        </div>
      </div>
      <fieldset className={styles.outcomes}>
        <legend>Outcome</legend>
        {CALL_OUTCOMES.map((outcome) => (
          <label key={outcome} className={styles.chip}>
            <input type="checkbox" checked={filters.outcomes.includes(outcome)} onChange={(event) => toggleOutcome(outcome, event.target.checked)} />
            <span>{outcomeLabel(outcome)}</span>
          </label>
        ))}
      </fieldset>
      <div className={styles.filterFoot}>
        <p id="calls-dates-note" className={`muted ${styles.note}`}>
          Dates are days in the clinic’s time zone ({props.timeZone}).
        </p>
        {props.isActive && (
          <button type="button" className="button button-ghost button-small" onClick={props.onClear}>
            Clear filters
          </button>
        )}
      </div>
      {props.dateProblem && (
        <p className="form-error" role="alert">
          {props.dateProblem}
        </p>
      )}
    </form>
  );
}
