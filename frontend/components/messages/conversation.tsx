'use client';

import { useLayoutEffect, useRef } from 'react';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { formatDateTime, formatDay, formatTime, localDate } from '@/lib/format';
import { formatPhone } from '@/lib/messages/phone-input';
import { authorLabel, deliveryStatus, groupByDay, type Message } from '@/lib/messages/threads';
import { Composer } from './composer';
import type { SendResult, ThreadState } from './use-messages';
import styles from './messages.module.css';

type ConversationProps = {
  thread: ThreadState;
  name: string | null;
  timeZone: string;
  onBack: () => void;
  onLoadOlder: () => void;
  onRetry: () => void;
  onSend: (body: string) => Promise<SendResult>;
};

export function Conversation({ thread, name, timeZone, onBack, onLoadOlder, onRetry, onSend }: ConversationProps) {
  const isOptedOut = thread.contact?.smsOptedOut === true;
  return (
    <div className={styles.conversation}>
      <header className={styles.conversationHeader}>
        <button type="button" className={`button button-ghost button-small ${styles.backButton}`} onClick={onBack}>
          ← Conversations
        </button>
        <div className={styles.conversationTitle}>
          <h2>{name ?? formatPhone(thread.phone)}</h2>
          <a href={`tel:${thread.phone}`} className={styles.telLink} aria-label={`Call ${formatPhone(thread.phone)}`}>
            {formatPhone(thread.phone)}
          </a>
        </div>
        {isOptedOut && <span className="badge badge-warning">Opted out (STOP)</span>}
      </header>
      {thread.load.status === 'loading' ? (
        <LoadingState label="Loading conversation…" rows={4} />
      ) : thread.load.status === 'error' ? (
        <ErrorState message={thread.load.message} onRetry={onRetry} />
      ) : (
        <MessageLog thread={thread} timeZone={timeZone} onLoadOlder={onLoadOlder} />
      )}
      {isOptedOut ? (
        <div className={styles.optedOut} role="status">
          <strong>This patient replied STOP.</strong> They have opted out of texts, so nothing can be sent to this number until they text
          START. Call them instead if it is urgent.
        </div>
      ) : null}
      <Composer key={thread.phone} isDisabled={isOptedOut || thread.load.status !== 'ready'} onSend={onSend} />
    </div>
  );
}

function MessageLog({ thread, timeZone, onLoadOlder }: { thread: ThreadState; timeZone: string; onLoadOlder: () => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const previous = useRef<{ firstId?: string; lastId?: string; height: number }>({ height: 0 });
  const firstId = thread.messages[0]?.id;
  const lastId = thread.messages.at(-1)?.id;

  // New messages at the bottom scroll into view; older ones paged in at the top keep the reader's place.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const before = previous.current;
    if (before.firstId !== undefined && firstId !== before.firstId && lastId === before.lastId) {
      element.scrollTop += element.scrollHeight - before.height;
    } else if (lastId !== before.lastId) {
      element.scrollTop = element.scrollHeight;
    }
    previous.current = { firstId, lastId, height: element.scrollHeight };
  }, [firstId, lastId]);

  const days = groupByDay(thread.messages, (iso) => localDate(iso, timeZone));
  return (
    <div ref={scrollRef} className={styles.log} tabIndex={0} role="region" aria-label="Messages">
      {thread.olderCursor && (
        <div className={styles.olderRow}>
          <button type="button" className="button button-secondary button-small" onClick={onLoadOlder} disabled={thread.isLoadingOlder}>
            {thread.isLoadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
          {thread.olderError && (
            <p className="form-error" role="alert">
              {thread.olderError}
            </p>
          )}
        </div>
      )}
      {thread.messages.length === 0 ? (
        <p className={`muted ${styles.noMessages}`}>No messages with this number yet. Write the first one below.</p>
      ) : (
        <ol className={styles.days} role="log" aria-live="polite" aria-relevant="additions">
          {days.map((day) => (
            <li key={day.day}>
              <p className={styles.daySeparator}>{formatDay(day.items[0]!.createdAt, timeZone)}</p>
              <ol className={styles.bubbles}>
                {day.items.map((message) => (
                  <Bubble key={message.id} message={message} timeZone={timeZone} />
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Bubble({ message, timeZone }: { message: Message; timeZone: string }) {
  const isOutbound = message.direction === 'outbound';
  const status = isOutbound ? deliveryStatus(message.status) : null;
  return (
    <li className={`${styles.bubbleRow} ${isOutbound ? styles.outbound : styles.inbound}`} data-message-id={message.id}>
      <div className={`${styles.bubble} ${isOutbound && message.kind !== 'staff' ? styles.automated : ''}`}>
        <p className={styles.bubbleBody}>{message.body}</p>
      </div>
      <p className={styles.bubbleMeta}>
        <span>{authorLabel(message)}</span>
        <span aria-hidden="true">·</span>
        <time dateTime={message.createdAt} title={formatDateTime(message.createdAt, timeZone)}>
          {formatTime(message.createdAt, timeZone)}
        </time>
        {status && (
          <span className={`badge ${status.tone === 'neutral' ? '' : `badge-${status.tone}`}`} data-status={message.status}>
            {status.label}
          </span>
        )}
        {message.errorCode && <span className={styles.errorCode}>Error {message.errorCode}</span>}
      </p>
    </li>
  );
}
