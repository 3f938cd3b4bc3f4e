import Link from 'next/link';
import { formatDuration, formatTime, maskPhone } from '@/lib/format';
import type { EndedCall } from '@/lib/realtime/live-calls';
import { lineKey } from '@/lib/realtime/transcript-lines';
import { callerLabel, endedCallBadge } from './call-labels';
import { ToolChips } from './tool-chips';
import styles from './live.module.css';

const SPEAKERS = { assistant: 'Assistant', user: 'Caller', system: 'System', tool: 'Tool' } as const;

export function RecentlyEnded({ calls, clinicId, timeZone }: { calls: EndedCall[]; clinicId: string; timeZone: string }) {
  if (calls.length === 0) {
    return (
      <p className="muted">
        Calls that end while this page is open are listed here. Earlier calls are in <Link href={`/clinics/${clinicId}/calls`}>Calls</Link>.
      </p>
    );
  }
  return (
    <ul className={styles.endedList}>
      {calls.map((call) => {
        const outcome = endedCallBadge(call.outcome);
        return (
          <li key={call.id} className={`card ${styles.ended}`} data-call-id={call.id}>
            <div className={styles.endedRow}>
              <Link href={`/clinics/${clinicId}/calls/${call.id}`} className={styles.endedLink}>
                {callerLabel(call)} <span className={styles.callerNumber}>{maskPhone(call.fromNumber)}</span>
              </Link>
              <span className={outcome.className}>{outcome.label}</span>
              <span className="muted">
                Ended {formatTime(call.endedAt, timeZone)}
                {call.durationSeconds !== null && ` · ${formatDuration(call.durationSeconds)}`}
              </span>
            </div>
            {call.summary && <p className={styles.summary}>{call.summary}</p>}
            <ToolChips tools={call.tools} />
            {call.lines.length > 0 && (
              <details className={styles.endedTranscript}>
                <summary>Transcript ({call.lines.length} lines)</summary>
                <ol className={styles.lines}>
                  {call.lines.map((line) => (
                    <li key={lineKey(line)} className={styles.line} data-seq={line.seq}>
                      <span className={styles.speaker}>{SPEAKERS[line.role]}</span>
                      <span className={styles.text}>{line.text}</span>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
