'use client';

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ConnectionPill } from '@/components/realtime/connection-pill';
import { useClinicEvents, useLastEventId, useRealtimeResync } from '@/components/realtime/realtime-provider';
import { SoundToggle } from '@/components/realtime/sound-toggle';
import { useClinic } from '@/components/shell/clinic-context';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { errorMessage } from '@/lib/client/api';
import { INITIAL_LIVE_CALLS, liveCallsReducer } from '@/lib/realtime/live-calls';
import { fetchCallSnapshot, fetchLiveSnapshots } from './live-calls-api';
import { LiveCallCard } from './live-call-card';
import { RecentlyEnded } from './recently-ended';
import styles from './live.module.css';

type Load = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Every call in progress, streaming: a snapshot of the live calls (and what was said so far), then
 * the clinic's events. The snapshot is reloaded whenever the stream says events may be missing.
 */
export function LiveCallsView() {
  const { clinic } = useClinic();
  const [state, dispatch] = useReducer(liveCallsReducer, INITIAL_LIVE_CALLS);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const lastEventId = useLastEventId();
  const nowMs = useNow(1000);
  const loadRun = useRef(0);

  const loadSnapshot = useCallback(async () => {
    const run = ++loadRun.current;
    const asOfEventId = lastEventId() ?? 0;
    try {
      const calls = await fetchLiveSnapshots(clinic.id);
      if (run !== loadRun.current) return;
      dispatch({ type: 'snapshot', calls, asOfEventId });
      setLoad({ kind: 'ready' });
    } catch (error) {
      if (run !== loadRun.current) return;
      // A failed background reload keeps what is on screen; only the first load shows the error.
      setLoad((current) => (current.kind === 'ready' ? current : { kind: 'failed', message: errorMessage(error) }));
    }
  }, [clinic.id, lastEventId]);

  useEffect(() => {
    void loadSnapshot();
  }, [loadSnapshot]);

  useRealtimeResync(() => void loadSnapshot());

  useClinicEvents((event) => {
    dispatch({ type: 'event', event });
    // A booking names the caller: refresh who is on the line.
    if (event.type === 'call.tool' && event.callId && event.data.effect === 'booked') {
      const callId = event.callId;
      fetchCallSnapshot(clinic.id, callId)
        .then((call) => dispatch({ type: 'detail', call }))
        .catch(() => undefined);
    }
  });

  // Calls first heard of through an event: load who is calling and what was said before.
  useEffect(() => {
    for (const call of state.live) {
      if (call.hasDetail) continue;
      dispatch({ type: 'detail-requested', callId: call.id });
      fetchCallSnapshot(clinic.id, call.id)
        .then((snapshot) => dispatch({ type: 'detail', call: snapshot }))
        .catch(() => undefined);
    }
  }, [clinic.id, state.live]);

  const retry = () => {
    setLoad({ kind: 'loading' });
    void loadSnapshot();
  };

  return (
    <>
      <PageHeader
        title="Live calls"
        description="Calls in progress right now, as they happen."
        actions={
          <div className={styles.headerActions}>
            <ConnectionPill />
            <SoundToggle />
          </div>
        }
      />
      <section aria-labelledby="live-now-heading" className={styles.section}>
        <h2 id="live-now-heading" className={styles.sectionTitle}>
          In progress{load.kind === 'ready' && <span className={styles.count}> ({state.live.length})</span>}
        </h2>
        <div role="status" aria-live="polite" className="visually-hidden">
          {load.kind === 'ready' && `${state.live.length} ${state.live.length === 1 ? 'call' : 'calls'} in progress`}
        </div>
        {load.kind === 'loading' && <LoadingState label="Loading live calls…" rows={2} />}
        {load.kind === 'failed' && <ErrorState message={load.message} onRetry={retry} />}
        {load.kind === 'ready' &&
          (state.live.length === 0 ? (
            <EmptyState title="No calls in progress">New calls appear here the moment they start.</EmptyState>
          ) : (
            <div className={styles.grid}>
              {state.live.map((call) => (
                <LiveCallCard key={call.id} call={call} nowMs={nowMs} />
              ))}
            </div>
          ))}
      </section>
      <section aria-labelledby="recently-ended-heading" className={styles.section}>
        <h2 id="recently-ended-heading" className={styles.sectionTitle}>
          Recently ended
        </h2>
        <RecentlyEnded calls={state.ended} clinicId={clinic.id} timeZone={clinic.timezone} />
      </section>
    </>
  );
}


