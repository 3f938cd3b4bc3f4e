import { formatDuration, maskPhone } from '@/lib/format';
import type { LiveCall } from '@/lib/realtime/live-calls';
import { callerLabel, statusLabel } from './call-labels';
import { LiveTranscript } from './live-transcript';
import { ToolChips } from './tool-chips';
import styles from './live.module.css';

function elapsedSeconds(startedAt: string, nowMs: number): number {
  const started = Date.parse(startedAt);
  return Number.isFinite(started) ? Math.max(0, (nowMs - started) / 1000) : 0;
}

export function LiveCallCard({ call, nowMs }: { call: LiveCall; nowMs: number }) {
  const titleId = `live-call-${call.id}`;
  const caller = callerLabel(call);
  return (
    <article className={`card ${styles.card} ${call.isEmergency ? styles.cardEmergency : ''}`} aria-labelledby={titleId} data-call-id={call.id}>
      <header className={styles.cardHeader}>
        <div className={styles.caller}>
          <h3 id={titleId} className={styles.callerName}>
            {caller}
          </h3>
          <span className={styles.callerNumber}>{maskPhone(call.fromNumber)}</span>
        </div>
        <div className={styles.cardMeta}>
          {call.isEmergency && <span className="badge badge-danger">Emergency</span>}
          <span className="badge badge-brand" data-testid="call-status">
            {statusLabel(call.status)}
          </span>
          <span className={styles.duration} aria-label="Duration">
            <time dateTime={`PT${Math.floor(elapsedSeconds(call.startedAt, nowMs))}S`}>{formatDuration(elapsedSeconds(call.startedAt, nowMs))}</time>
          </span>
        </div>
      </header>
      <p className={styles.speaking} aria-hidden="true">
        {call.speaking === 'user' ? 'Caller is speaking…' : call.speaking === 'assistant' ? 'Assistant is speaking…' : '\u00a0'}
      </p>
      <ToolChips tools={call.tools} />
      <LiveTranscript lines={call.lines} label={`Transcript of the call with ${caller}`} />
    </article>
  );
}
