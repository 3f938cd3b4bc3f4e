'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/states';
import { formatDay, formatTime, localDate } from '@/lib/format';
import { formatPhone } from '@/lib/messages/phone-input';
import { deliveryStatus, isUnread, type Thread } from '@/lib/messages/threads';
import styles from './messages.module.css';

type ThreadListProps = {
  threads: Thread[];
  selectedPhone: string | null;
  seenAt: Record<string, string>;
  timeZone: string;
  hrefFor: (phone: string) => string;
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMoreError: string | null;
  onLoadMore: () => void;
};

function whenLabel(iso: string, timeZone: string): string {
  return localDate(iso, timeZone) === localDate(new Date(), timeZone) ? formatTime(iso, timeZone) : formatDay(iso, timeZone);
}

export function ThreadList({ threads, selectedPhone, seenAt, timeZone, hrefFor, hasMore, isLoadingMore, loadMoreError, onLoadMore }: ThreadListProps) {
  if (threads.length === 0) {
    return (
      <EmptyState title="No messages yet">
        <p>Texts from patients and replies from Voxanne will appear here. Use “New message” to text a patient.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className={styles.threadList}>
        {threads.map((thread) => {
          const isSelected = thread.phone === selectedPhone;
          const unread = !isSelected && isUnread(thread, seenAt[thread.phone]);
          const status = thread.latest.direction === 'outbound' ? deliveryStatus(thread.latest.status) : null;
          const title = thread.name ?? formatPhone(thread.phone);
          return (
            <li key={thread.phone}>
              <Link
                href={hrefFor(thread.phone)}
                scroll={false}
                className={`${styles.threadItem} ${isSelected ? styles.threadSelected : ''} ${unread ? styles.threadUnread : ''}`}
                aria-current={isSelected ? 'true' : undefined}
              >
                <span className={styles.threadTop}>
                  <span className={styles.threadName}>
                    {unread && <span className={styles.unreadDot} aria-hidden="true" />}
                    {title}
                    {unread && <span className="visually-hidden"> (unread)</span>}
                  </span>
                  <time className={styles.threadTime} dateTime={thread.latest.createdAt}>
                    {whenLabel(thread.latest.createdAt, timeZone)}
                  </time>
                </span>
                {thread.name && <span className={styles.threadPhone}>{formatPhone(thread.phone)}</span>}
                <span className={styles.threadSnippet}>
                  {thread.latest.direction === 'outbound' && <span className={styles.snippetPrefix}>{thread.latest.kind === 'staff' ? 'You: ' : 'Voxanne: '}</span>}
                  {thread.latest.body}
                </span>
                {thread.isOptedOut ? (
                  <span className={`badge badge-warning ${styles.threadBadge}`}>Opted out (STOP)</span>
                ) : (
                  status &&
                  (status.tone === 'danger' || status.tone === 'warning') && <span className={`badge badge-${status.tone} ${styles.threadBadge}`}>{status.label}</span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
      {hasMore && (
        <div className={styles.listFooter}>
          <button type="button" className="button button-secondary button-small" onClick={onLoadMore} disabled={isLoadingMore}>
            {isLoadingMore ? 'Loading…' : 'Load older conversations'}
          </button>
          {loadMoreError && (
            <p className="form-error" role="alert">
              {loadMoreError}
            </p>
          )}
        </div>
      )}
    </>
  );
}
