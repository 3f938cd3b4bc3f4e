'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { Conversation } from './conversation';
import { NewMessageForm } from './new-message-form';
import { ThreadList } from './thread-list';
import { useMessages } from './use-messages';
import { useSeenThreads } from './use-seen-threads';
import styles from './messages.module.css';

/** Two panes on a desktop; on a phone the list and the open thread are separate screens. */
export function MessagesView() {
  const { clinic, user } = useClinic();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const phone = searchParams.get('phone');
  const isComposingNew = searchParams.get('new') === '1' && !phone;
  const data = useMessages(clinic.id, phone);
  const seen = useSeenThreads(clinic.id, user.id);
  const [announcement, setAnnouncement] = useState('');

  const navigate = useCallback(
    (query: Record<string, string>) => {
      const search = new URLSearchParams(query).toString();
      router.push(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  const latest = data.thread?.messages.at(-1);
  const { markSeen } = seen;
  useEffect(() => {
    if (phone && latest) markSeen(phone, latest.createdAt);
  }, [phone, latest, markSeen]);

  const hasSelection = phone !== null || isComposingNew;

  return (
    <>
      <PageHeader
        title="Messages"
        description="Text conversations with patients. Replies from Voxanne and from staff appear here."
        actions={
          <button type="button" className="button button-primary" onClick={() => navigate({ new: '1' })}>
            New message
          </button>
        }
      />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className={`${styles.layout} ${hasSelection ? styles.hasSelection : ''}`}>
        <section className={`card ${styles.listPane}`} aria-label="Conversations">
          {data.threadsLoad.status === 'loading' ? (
            <LoadingState label="Loading conversations…" rows={5} />
          ) : data.threadsLoad.status === 'error' ? (
            <ErrorState message={data.threadsLoad.message} onRetry={data.retryThreads} />
          ) : (
            <ThreadList
              threads={data.threads}
              selectedPhone={phone}
              seenAt={seen.seenAt}
              timeZone={clinic.timezone}
              hrefFor={(target) => `${pathname}?${new URLSearchParams({ phone: target }).toString()}`}
              hasMore={data.hasMoreThreads}
              isLoadingMore={data.isLoadingMoreThreads}
              loadMoreError={data.moreThreadsError}
              onLoadMore={() => void data.loadMoreThreads()}
            />
          )}
        </section>
        <section className={`card ${styles.threadPane}`} aria-label={phone ? 'Conversation' : 'New message'}>
          {isComposingNew ? (
            <NewMessageForm
              patients={data.patients}
              onBack={() => navigate({})}
              onStart={(target) => {
                setAnnouncement('Conversation opened.');
                navigate({ phone: target });
              }}
            />
          ) : data.thread ? (
            <Conversation
              thread={data.thread}
              name={data.thread.contact?.name ?? data.threads.find((item) => item.phone === data.thread?.phone)?.name ?? null}
              timeZone={clinic.timezone}
              onBack={() => navigate({})}
              onLoadOlder={() => void data.loadOlder()}
              onRetry={data.retryThread}
              onSend={async (body) => {
                const result = await data.send(data.thread!.phone, body);
                if (result.ok) setAnnouncement('Message queued.');
                return result;
              }}
            />
          ) : (
            <div className={styles.placeholder}>
              <p className="muted">Choose a conversation, or start a new message.</p>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
