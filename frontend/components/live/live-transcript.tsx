'use client';

import { useEffect, useRef, useState } from 'react';
import { lineKey, type TranscriptLine } from '@/lib/realtime/transcript-lines';
import { StreamingText } from './streaming-text';
import styles from './live.module.css';

const SPEAKERS: Record<TranscriptLine['role'], string> = { assistant: 'Assistant', user: 'Caller', system: 'System', tool: 'Tool' };

/** How close to the bottom still counts as "following along". */
const PINNED_SLACK_PX = 32;

/**
 * The transcript of one live call. Follows new lines while the reader is at the bottom; once they
 * scroll up it stays where they are and offers a jump back instead of yanking them down.
 */
export function LiveTranscript({ lines, label }: { lines: TranscriptLine[]; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLOListElement>(null);
  const isPinned = useRef(true);
  const [hasUnseen, setUnseen] = useState(false);

  useEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!box || !inner || typeof ResizeObserver === 'undefined') return;
    // Streaming words grow lines without a re-render here: watch the content's size instead.
    const observer = new ResizeObserver(() => {
      if (isPinned.current) box.scrollTop = box.scrollHeight;
      else setUnseen(true);
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  function onScroll() {
    const box = scroller.current;
    if (!box) return;
    isPinned.current = box.scrollHeight - box.scrollTop - box.clientHeight <= PINNED_SLACK_PX;
    if (isPinned.current) setUnseen(false);
  }

  function jumpToLatest() {
    const box = scroller.current;
    if (!box) return;
    isPinned.current = true;
    box.scrollTop = box.scrollHeight;
    setUnseen(false);
  }

  return (
    <div className={styles.transcriptWrap}>
      <div ref={scroller} className={styles.transcript} onScroll={onScroll} tabIndex={0} role="log" aria-live="off" aria-label={label}>
        <ol ref={content} className={styles.lines}>
          {lines.length === 0 && <li className={styles.waiting}>Waiting for the first words…</li>}
          {lines.map((line) => (
            <li key={lineKey(line)} className={`${styles.line} ${styles[`line-${line.role}`] ?? ''}`} data-final={line.isFinal} data-seq={line.seq}>
              <span className={styles.speaker}>{SPEAKERS[line.role]}</span>
              <span className={line.isFinal ? styles.text : `${styles.text} ${styles.partial}`}>
                <StreamingText text={line.text} isAnimated={line.isStreamed} />
              </span>
            </li>
          ))}
        </ol>
      </div>
      {hasUnseen && (
        <button type="button" className={`button button-secondary button-small ${styles.jump}`} onClick={jumpToLatest}>
          New lines below ↓
        </button>
      )}
    </div>
  );
}
