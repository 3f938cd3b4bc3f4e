'use client';

import Link from 'next/link';
import { TranscriptView } from './transcript-view';
import { useClinic } from '@/components/shell/clinic-context';
import { callBadge, callerLabel, callTime } from '@/lib/calls/call-display';
import type { CallDetail } from '@/lib/calls/call-types';
import { formatDateTime, formatDuration, humanize } from '@/lib/format';
import styles from './call-detail.module.css';

export function CallDetailView({ call, initialQuery }: { call: CallDetail; initialQuery?: string }) {
  const { clinic } = useClinic();
  const caller = callerLabel(call);
  const badge = callBadge(call);
  const base = `/clinics/${clinic.id}`;
  const recording = call.recordingUrl ?? call.stereoRecordingUrl;

  return (
    <div className={styles.layout}>
      <div className={styles.side}>
        <section className="card" aria-labelledby="call-facts-heading">
          <h2 id="call-facts-heading">Call</h2>
          <dl className={styles.facts}>
            <div>
              <dt>Caller</dt>
              <dd>
                {caller.name && <span className={styles.callerName}>{caller.name}</span>}
                <span className={caller.name ? 'muted' : undefined}>{caller.number}</span>
              </dd>
            </div>
            <div>
              <dt>When</dt>
              <dd>
                <time dateTime={callTime(call)}>{formatDateTime(callTime(call), clinic.timezone)}</time>
              </dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{formatDuration(call.durationSeconds)}</dd>
            </div>
            <div>
              <dt>Outcome</dt>
              <dd className={styles.badges}>
                <span className={badge.className}>{badge.label}</span>
                {call.isEmergency && call.outcome !== 'emergency' && <span className="badge badge-danger">Emergency</span>}
              </dd>
            </div>
            <div>
              <dt>Ended because</dt>
              <dd>{call.endedReason ? humanize(call.endedReason) : call.status === 'ended' ? 'Not reported' : 'Still in progress'}</dd>
            </div>
          </dl>
        </section>

        <section className="card" aria-labelledby="call-summary-heading">
          <h2 id="call-summary-heading">Summary</h2>
          <p className={call.summary ? undefined : 'muted'}>{call.summary ?? 'No summary for this call yet.'}</p>
        </section>

        <section className="card" aria-labelledby="call-recording-heading">
          <h2 id="call-recording-heading">Recording</h2>
          {recording ? (
            <audio className={styles.audio} controls preload="none" src={recording}>
              <a href={recording}>Download the recording</a>
            </audio>
          ) : (
            <p className="muted">No recording is available for this call.</p>
          )}
        </section>

        <section className="card" aria-labelledby="call-links-heading">
          <h2 id="call-links-heading">Follow-up</h2>
          <h3 className={styles.subheading}>Appointments</h3>
          {call.appointments.length === 0 ? (
            <p className="muted">No appointment was made on this call.</p>
          ) : (
            <ul className={styles.links}>
              {call.appointments.map((appointment) => (
                <li key={appointment.id}>
                  <Link href={`${base}/appointments`}>
                    {appointment.service.name}, {formatDateTime(appointment.startsAt, clinic.timezone)}
                  </Link>{' '}
                  <span className="badge">{humanize(appointment.status)}</span>
                </li>
              ))}
            </ul>
          )}
          <h3 className={styles.subheading}>Escalations</h3>
          {call.escalations.length === 0 ? (
            <p className="muted">Nothing was escalated to staff.</p>
          ) : (
            <ul className={styles.links}>
              {call.escalations.map((escalation) => (
                <li key={escalation.id}>
                  <Link href={`${base}/escalations`}>
                    {humanize(escalation.kind)} ({humanize(escalation.severity)}), {formatDateTime(escalation.createdAt, clinic.timezone)}
                  </Link>{' '}
                  <span className={escalation.status === 'open' ? 'badge badge-warning' : 'badge'}>{humanize(escalation.status)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <TranscriptView segments={call.transcript} timeZone={clinic.timezone} initialQuery={initialQuery} />
    </div>
  );
}
