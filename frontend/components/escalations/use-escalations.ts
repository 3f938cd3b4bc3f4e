'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorMessage } from '@/lib/client/api';
import { useVisibleInterval } from '@/lib/client/use-visible-interval';
import { useClinicEvents } from '@/components/realtime/realtime-provider';
import {
  applyPatch,
  belongsTo,
  orderQueue,
  statusesOf,
  type Escalation,
  type EscalationPatch,
  type EscalationStatus,
  type EscalationView,
} from '@/lib/escalations/escalation-queue';

const PAGE_SIZE = 50;
const POLL_MS = 5_000;

type Page = { items: Escalation[]; nextCursor: string | null };
type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };
type Cursors = Partial<Record<EscalationStatus | 'any', string | null>>;

const keyOf = (status: EscalationStatus | undefined) => status ?? 'any';
const query = (status: EscalationStatus | undefined, cursor?: string) =>
  `?limit=${PAGE_SIZE}${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/**
 * The escalation queue of one view, reloaded on every `escalation.*` event of the clinic and polled
 * while visible as a fallback. Actions apply at once and roll back if the server refuses.
 */
export function useEscalations(clinicId: string, view: EscalationView) {
  const base = `/clinics/${clinicId}/escalations`;
  const [firstPages, setFirstPages] = useState<Escalation[]>([]);
  const [olderPages, setOlderPages] = useState<Escalation[]>([]);
  const [cursors, setCursors] = useState<Cursors>({});
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pending, setPending] = useState<Record<string, EscalationPatch>>({});
  const [confirmed, setConfirmed] = useState<Record<string, Escalation>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [isLoadingMore, setLoadingMore] = useState(false);

  const fetchFirstPages = useCallback(
    async (signal?: AbortSignal, isFirst = false) => {
      try {
        const statuses = statusesOf(view);
        const pages = await Promise.all(statuses.map((status) => api<Page>(`${base}${query(status)}`, { signal })));
        setFirstPages(pages.flatMap((page) => page.items));
        if (isFirst) setCursors(Object.fromEntries(statuses.map((status, index) => [keyOf(status), pages[index]!.nextCursor])));
        setLoad({ status: 'ready' });
      } catch (error) {
        if (signal?.aborted) return;
        setLoad((current) => (current.status === 'ready' ? current : { status: 'error', message: errorMessage(error) }));
      }
    },
    [base, view],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    setFirstPages([]);
    setOlderPages([]);
    void fetchFirstPages(controller.signal, true);
    return () => controller.abort();
  }, [fetchFirstPages]);

  useVisibleInterval((signal) => fetchFirstPages(signal), POLL_MS);

  const loadMore = useCallback(async () => {
    setLoadingMore(true);
    try {
      const next: Cursors = { ...cursors };
      const pages = await Promise.all(
        statusesOf(view).map(async (status) => {
          const cursor = cursors[keyOf(status)];
          if (!cursor) return [];
          const page = await api<Page>(`${base}${query(status, cursor)}`);
          next[keyOf(status)] = page.nextCursor;
          return page.items;
        }),
      );
      setOlderPages((current) => [...current, ...pages.flat()]);
      setCursors(next);
    } catch (error) {
      setErrors((current) => ({ ...current, list: errorMessage(error) }));
    } finally {
      setLoadingMore(false);
    }
  }, [base, cursors, view]);

  const update = useCallback(
    async (escalation: Escalation, patch: EscalationPatch) => {
      setPending((current) => ({ ...current, [escalation.id]: patch }));
      setErrors(({ [escalation.id]: _dropped, ...rest }) => rest);
      try {
        const saved = await api<Escalation>(`${base}/${escalation.id}`, { method: 'PATCH', json: patch });
        setConfirmed((current) => ({ ...current, [saved.id]: saved }));
        return true;
      } catch (error) {
        const message =
          error instanceof ApiError && error.code === 'CONFLICT' ? `${errorMessage(error)}. Someone else may have handled it; the list was refreshed.` : errorMessage(error);
        setErrors((current) => ({ ...current, [escalation.id]: message }));
        void fetchFirstPages();
        return false;
      } finally {
        setPending(({ [escalation.id]: _done, ...rest }) => rest);
      }
    },
    [base, fetchFirstPages],
  );

  const items = useMemo(() => {
    const now = new Date().toISOString();
    const latest = orderQueue([...olderPages, ...firstPages, ...Object.values(confirmed)]);
    return latest.map((item) => (pending[item.id] ? applyPatch(item, pending[item.id]!, now) : item)).filter((item) => belongsTo(item, view));
  }, [firstPages, olderPages, confirmed, pending, view]);

  useClinicEvents((event) => {
    if (event.type.startsWith('escalation.')) void fetchFirstPages();
  });

  return {
    items,
    load,
    errors,
    isPending: (id: string) => pending[id] !== undefined,
    hasMore: Object.values(cursors).some(Boolean),
    isLoadingMore,
    loadMore,
    update,
    dismissError: (id: string) => setErrors(({ [id]: _dismissed, ...rest }) => rest),
    refresh: () => void fetchFirstPages(),
    retry: () => {
      setLoad({ status: 'loading' });
      void fetchFirstPages(undefined, true);
    },
  };
}
