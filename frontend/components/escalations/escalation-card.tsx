'use client';

import Link from 'next/link';
import { useId } from 'react';
import { formatDateTime, formatRelative, humanize } from '@/lib/format';
import { isEmergency, kindLabel, type Escalation, type EscalationPatch } from '@/lib/escalations/escalation-queue';
import { formatPhone } from '@/lib/messages/phone-input';
import styles from './escalations.module.css';

export type MemberOption = { userId: string; name: string; email: string; role: string };

type EscalationCardProps = {
  escalation: Escalation;
  clinicId: string;
  timeZone: string;
  now: number;
  currentUserId: string;
  members: MemberOption[];
  isPending: boolean;
  error: string | undefined;
  onDismissError: () => void;
  onUpdate: (patch: EscalationPatch, announcement: string) => Promise<void>;
};

const STATUS_BADGE: Record<Escalation['status'], string> = { open: 'badge-danger', acknowledged: 'badge-warning', resolved: 'badge-ok' };
const SEVERITY_BADGE: Record<Escalation['severity'], string> = { critical: 'badge-danger', high: 'badge-warning', medium: '', low: '' };

export function EscalationCard(props: EscalationCardProps) {
  const { escalation, clinicId, timeZone, now, currentUserId, members, isPending, error } = props;
  const titleId = useId();
  const emergency = isEmergency(escalation) && escalation.status !== 'resolved';
  const contact = escalation.contact;
  const assignee =
    escalation.assigneeUserId === null
      ? null
      : escalation.assigneeUserId === currentUserId
        ? 'you'
        : (members.find((member) => member.userId === escalation.assigneeUserId)?.name ?? 'a colleague');

  return (
    <article
      className={`card ${styles.card} ${emergency ? styles.emergency : ''} ${escalation.status === 'resolved' ? styles.resolved : ''}`}
      aria-labelledby={titleId}
      aria-busy={isPending || undefined}
      data-escalation-id={escalation.id}
    >
      <div className={styles.cardTop}>
        <h2 id={titleId} className={styles.kind}>
          {emergency && (
            <svg className={styles.alertIcon} viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
              <path d="M12 3 2 20h20zM12 10v4M12 17h.01" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          )}
          {kindLabel(escalation.kind)}
        </h2>
        <span className={`badge ${SEVERITY_BADGE[escalation.severity]}`}>{humanize(escalation.severity)}</span>
        <span className={`badge ${STATUS_BADGE[escalation.status]}`} data-status={escalation.status}>
          {humanize(escalation.status)}
        </span>
        <span className={styles.when}>
          <span className="visually-hidden">Raised </span>
          <time dateTime={escalation.createdAt} title={formatDateTime(escalation.createdAt, timeZone)}>
            {formatRelative(escalation.createdAt, now, timeZone)}
          </time>
          {' · '}
          {escalation.channel === 'voice' ? 'Phone call' : escalation.channel === 'sms' ? 'Text' : humanize(escalation.channel)}
        </span>
      </div>

      <p className={styles.summaryText}>{escalation.summary}</p>

      <div className={styles.details}>
        {contact ? (
          <p className={styles.contact}>
            <span className={styles.contactName}>{contact.name ?? 'Caller'}</span>
            <a className={`button button-small ${emergency ? 'button-danger' : 'button-secondary'}`} href={`tel:${contact.phone}`}>
              <span className="visually-hidden">Call {contact.name ?? 'caller'} on </span>
              {formatPhone(contact.phone)}
            </a>
          </p>
        ) : (
          <p className="muted">No number on record</p>
        )}
        {escalation.callId && (
          <Link className={styles.callLink} href={`/clinics/${clinicId}/calls/${escalation.callId}`}>
            View call and transcript
          </Link>
        )}
        <p className={styles.meta}>
          {assignee ? `Assigned to ${assignee}` : 'Unassigned'}
          {escalation.acknowledgedAt && ` · acknowledged ${formatRelative(escalation.acknowledgedAt, now, timeZone)}`}
          {escalation.resolvedAt && ` · resolved ${formatRelative(escalation.resolvedAt, now, timeZone)}`}
        </p>
      </div>

      {escalation.status !== 'resolved' && <Actions {...props} />}

      {error && (
        <div className={styles.error} role="alert">
          <p>
            <strong>Not saved.</strong> {error}
          </p>
          <button type="button" className="button button-ghost button-small" onClick={props.onDismissError}>
            Dismiss
          </button>
        </div>
      )}
    </article>
  );
}

function Actions({ escalation, currentUserId, members, isPending, onUpdate }: EscalationCardProps) {
  const selectId = useId();
  const isMine = escalation.assigneeUserId === currentUserId;
  return (
    <div className={styles.actions}>
      {escalation.status === 'open' && (
        <button type="button" className="button button-primary button-small" disabled={isPending} onClick={() => void onUpdate({ status: 'acknowledged' }, 'Escalation acknowledged.')}>
          Acknowledge
        </button>
      )}
      <button type="button" className="button button-secondary button-small" disabled={isPending} onClick={() => void onUpdate({ status: 'resolved' }, 'Escalation resolved.')}>
        Resolve
      </button>
      {members.length > 0 ? (
        <span className={styles.assign}>
          <label htmlFor={selectId}>Assignee</label>
          <select
            id={selectId}
            className="select"
            value={escalation.assigneeUserId ?? ''}
            disabled={isPending}
            onChange={(event) => void onUpdate({ assigneeUserId: event.target.value || null }, 'Assignee changed.')}
          >
            <option value="">Unassigned</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.userId === currentUserId ? `${member.name} (you)` : member.name}
              </option>
            ))}
          </select>
        </span>
      ) : isMine ? (
        <button type="button" className="button button-ghost button-small" disabled={isPending} onClick={() => void onUpdate({ assigneeUserId: null }, 'Unassigned.')}>
          Unassign me
        </button>
      ) : (
        <button type="button" className="button button-ghost button-small" disabled={isPending} onClick={() => void onUpdate({ assigneeUserId: currentUserId }, 'Assigned to you.')}>
          Assign to me
        </button>
      )}
    </div>
  );
}
