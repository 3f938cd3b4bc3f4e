'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { HighlightedText } from './highlighted-text';
import type { TranscriptSegment } from '@/lib/calls/call-types';
import { findMatches, stepMatch } from '@/lib/calls/transcript-search';
import { formatTime } from '@/lib/format';
import styles from './call-detail.module.css';

const ROLE_LABELS: Record<TranscriptSegment['role'], string> = { assistant: 'Assistant', user: 'Caller', system: 'System', tool: 'Tool' };

/** The conversation as chat bubbles, with a find box that highlights, counts and steps through matches. */
export function TranscriptView({ segments, timeZone, initialQuery = '' }: { segments: TranscriptSegment[]; timeZone: string; initialQuery?: string }) {
  const [query, setQuery] = useState(initialQuery);
  const [current, setCurrent] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);
  const { parts, count } = useMemo(() => findMatches(segments.map((segment) => segment.text), query), [segments, query]);
  const position = count === 0 ? 0 : Math.min(current, count - 1);

  useEffect(() => {
    if (count === 0) return;
    const element = listRef.current?.querySelector<HTMLElement>(`mark[data-match="${position}"]`);
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [position, count, query]);

  const step = (direction: 1 | -1) => setCurrent(stepMatch(position, count, direction));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    step(event.shiftKey ? -1 : 1);
  };

  const trimmed = query.trim();
  const countText = trimmed === '' ? '' : count === 0 ? 'No matches' : `${position + 1} of ${count} ${count === 1 ? 'match' : 'matches'}`;

  return (
    <section className={`card ${styles.transcript}`} aria-labelledby="transcript-heading">
      <div className={styles.transcriptHead}>
        <h2 id="transcript-heading">Transcript</h2>
        {segments.length > 0 && (
          <div className={styles.find} role="search" aria-label="Transcript search">
            <label htmlFor="transcript-find" className="visually-hidden">
              Find in transcript
            </label>
            <input
              id="transcript-find"
              className="input"
              type="search"
              placeholder="Find in transcript"
              value={query}
              autoComplete="off"
              aria-describedby="transcript-find-count"
              onChange={(event) => {
                setQuery(event.target.value);
                setCurrent(0);
              }}
              onKeyDown={onKeyDown}
            />
            <span id="transcript-find-count" className={styles.findCount} role="status" aria-live="polite">
              {countText}
            </span>
            <button type="button" className="button button-secondary button-small" onClick={() => step(-1)} disabled={count < 2} aria-label="Previous match">
              ↑
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => step(1)} disabled={count < 2} aria-label="Next match">
              ↓
            </button>
          </div>
        )}
      </div>
      {segments.length === 0 ? (
        <p className="muted">No transcript was recorded for this call.</p>
      ) : (
        <ol className={styles.messages} ref={listRef} aria-label="Conversation">
          {segments.map((segment, index) => (
            <li key={segment.seq} className={`${styles.message} ${styles[`role-${segment.role}`] ?? ''}`}>
              <div className={styles.meta}>
                <span className={styles.speaker}>{ROLE_LABELS[segment.role]}</span>
                <time dateTime={segment.at}>{formatTime(segment.at, timeZone)}</time>
              </div>
              <p className={styles.bubble}>
                <HighlightedText parts={parts[index] ?? [{ text: segment.text }]} current={position} markClassName={styles.mark} currentClassName={styles.markCurrent} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
