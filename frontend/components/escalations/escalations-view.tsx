'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { api } from '@/lib/client/api';
import { ESCALATION_VIEWS, parseView, type EscalationView } from '@/lib/escalations/escalation-queue';
import { EscalationCard, type MemberOption } from './escalation-card';
import { useEscalations } from './use-escalations';
import styles from './escalations.module.css';

const EMPTY_TITLES: Record<EscalationView, string> = {
  active: 'Nothing needs action',
  open: 'No open escalations',
  acknowledged: 'No acknowledged escalations',
  resolved: 'No resolved escalations yet',
  all: 'No escalations yet',
};

export function EscalationsView() {
  const { clinic, user, canManage } = useClinic();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const view = parseView(searchParams.get('status'));
  const queue = useEscalations(clinic.id, view);
  const members = useMembers(clinic.id, canManage);
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const openCount = queue.items.filter((item) => item.status === 'open').length;

  return (
    <>
      <PageHeader
        title="Escalations"
        description="Emergencies, callers who asked for a person, complaints and messages for the team. Call patients back from here."
      />
      <nav className={styles.tabs} aria-label="Filter escalations">
        {ESCALATION_VIEWS.map((entry) => (
          <a
            key={entry.view}
            href={`${pathname}?status=${entry.view}`}
            className={styles.tab}
            aria-current={entry.view === view ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              router.replace(`${pathname}?status=${entry.view}`, { scroll: false });
            }}
          >
            {entry.label}
          </a>
        ))}
      </nav>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {queue.load.status === 'loading' ? (
        <LoadingState label="Loading escalations…" rows={4} />
      ) : queue.load.status === 'error' ? (
        <ErrorState message={queue.load.message} onRetry={queue.retry} />
      ) : queue.items.length === 0 ? (
        <div className="card">
          <EmptyState title={EMPTY_TITLES[view]}>
            <p>When Voxanne hands a call or a text to the team, it appears here. Emergencies come first.</p>
          </EmptyState>
        </div>
      ) : (
        <>
          {view === 'active' && (
            <p className={`muted ${styles.summary}`} aria-live="polite">
              {openCount} open · {queue.items.length - openCount} acknowledged
            </p>
          )}
          <ul className={styles.queue} aria-label="Escalation queue">
            {queue.items.map((escalation) => (
              <li key={escalation.id}>
                <EscalationCard
                  escalation={escalation}
                  clinicId={clinic.id}
                  timeZone={clinic.timezone}
                  now={now}
                  currentUserId={user.id}
                  members={members}
                  isPending={queue.isPending(escalation.id)}
                  error={queue.errors[escalation.id]}
                  onDismissError={() => queue.dismissError(escalation.id)}
                  onUpdate={async (patch, done) => {
                    const isSaved = await queue.update(escalation, patch);
                    if (isSaved) setAnnouncement(done);
                  }}
                />
              </li>
            ))}
          </ul>
          {queue.errors.list && (
            <p className="form-error" role="alert">
              {queue.errors.list}
            </p>
          )}
          {queue.hasMore && (
            <div className={styles.more}>
              <button type="button" className="button button-secondary" onClick={() => void queue.loadMore()} disabled={queue.isLoadingMore}>
                {queue.isLoadingMore ? 'Loading…' : 'Load older escalations'}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}

/** Owners may assign to anyone in the clinic (`/members` is theirs only); staff assign to themselves. */
function useMembers(clinicId: string, canManage: boolean): MemberOption[] {
  const [members, setMembers] = useState<MemberOption[]>([]);
  useEffect(() => {
    if (!canManage) return;
    const controller = new AbortController();
    api<{ items: MemberOption[] }>(`/clinics/${clinicId}/members`, { signal: controller.signal })
      .then((body) => setMembers(body.items))
      .catch(() => setMembers([]));
    return () => controller.abort();
  }, [clinicId, canManage]);
  return members;
}
