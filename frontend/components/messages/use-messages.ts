'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorMessage } from '@/lib/client/api';
import { useVisibleInterval } from '@/lib/client/use-visible-interval';
import { counterpartOf, groupThreads, mergeMessages, type Message, type MessagePage, type PatientContact, type Thread } from '@/lib/messages/threads';
import { useClinicEvents } from '@/components/realtime/realtime-provider';

const THREADS_PAGE = 200;
const THREAD_PAGE = 30;
const PATIENTS_LIMIT = 100;
const THREADS_POLL_MS = 5_000;
const THREAD_POLL_MS = 3_000;
const PATIENTS_POLL_MS = 30_000;

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

export type SendResult = { ok: true } | { ok: false; message: string; isOptedOut: boolean };

export type ThreadState = {
  phone: string;
  messages: Message[];
  load: Load;
  /** Cursor of the next older page; null once the first message of the thread is loaded. */
  olderCursor: string | null;
  isLoadingOlder: boolean;
  olderError: string | null;
  /** The patient behind the number, if the clinic has one on record. */
  contact: PatientContact | null;
};

/**
 * Everything the Messages page shows, loaded in one place: the thread list, the selected thread
 * and its patient. Reloaded on every `sms.*` event of the clinic, and polled while the tab is
 * visible as a fallback for a socket that is down.
 */
export function useMessages(clinicId: string, phone: string | null) {
  const base = `/clinics/${clinicId}`;
  const [all, setAll] = useState<Message[]>([]);
  const [threadsLoad, setThreadsLoad] = useState<Load>({ status: 'loading' });
  const [threadsCursor, setThreadsCursor] = useState<string | null>(null);
  const [isLoadingMoreThreads, setLoadingMoreThreads] = useState(false);
  const [moreThreadsError, setMoreThreadsError] = useState<string | null>(null);
  const [patients, setPatients] = useState<PatientContact[]>([]);
  const [thread, setThread] = useState<ThreadState | null>(null);

  const loadThreads = useCallback(
    async (signal?: AbortSignal, isFirst = false) => {
      try {
        const page = await api<MessagePage>(`${base}/messages?limit=${THREADS_PAGE}`, { signal });
        setAll((current) => mergeMessages(current, page.items));
        if (isFirst) setThreadsCursor(page.nextCursor);
        setThreadsLoad({ status: 'ready' });
      } catch (error) {
        if (signal?.aborted) return;
        // A failed poll keeps what is on screen; only a first load shows the error state.
        setThreadsLoad((current) => (current.status === 'ready' ? current : { status: 'error', message: errorMessage(error) }));
      }
    },
    [base],
  );

  const loadPatients = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const { items } = await api<{ items: PatientContact[] }>(`${base}/patients?limit=${PATIENTS_LIMIT}`, { signal });
        setPatients(items);
      } catch {
        // Names are a nicety: numbers still identify every thread.
      }
    },
    [base],
  );

  const loadContact = useCallback(
    async (target: string, signal?: AbortSignal): Promise<PatientContact | null> => {
      const digits = target.replace(/\D/g, '');
      const { items } = await api<{ items: PatientContact[] }>(`${base}/patients?q=${encodeURIComponent(digits)}&limit=10`, { signal });
      return items.find((item) => item.phone === target) ?? null;
    },
    [base],
  );

  const loadThread = useCallback(
    async (target: string, signal?: AbortSignal, isFirst = false) => {
      try {
        const [page, contact] = await Promise.all([
          api<MessagePage>(`${base}/messages?phone=${encodeURIComponent(target)}&limit=${THREAD_PAGE}`, { signal }),
          loadContact(target, signal).catch(() => undefined),
        ]);
        setThread((current) => {
          if (!current || current.phone !== target) return current;
          return {
            ...current,
            messages: mergeMessages(current.messages, page.items),
            load: { status: 'ready' },
            olderCursor: isFirst ? page.nextCursor : current.olderCursor,
            contact: contact === undefined ? current.contact : contact,
          };
        });
        setAll((current) => mergeMessages(current, page.items.slice(0, 1)));
      } catch (error) {
        if (signal?.aborted) return;
        setThread((current) =>
          current && current.phone === target && current.load.status !== 'ready' ? { ...current, load: { status: 'error', message: errorMessage(error) } } : current,
        );
      }
    },
    [base, loadContact],
  );

  useEffect(() => {
    const controller = new AbortController();
    void loadThreads(controller.signal, true);
    void loadPatients(controller.signal);
    return () => controller.abort();
  }, [loadThreads, loadPatients]);

  useEffect(() => {
    if (!phone) {
      setThread(null);
      return;
    }
    const controller = new AbortController();
    setThread({ phone, messages: [], load: { status: 'loading' }, olderCursor: null, isLoadingOlder: false, olderError: null, contact: null });
    void loadThread(phone, controller.signal, true);
    return () => controller.abort();
  }, [phone, loadThread]);

  useVisibleInterval((signal) => loadThreads(signal), THREADS_POLL_MS);
  useVisibleInterval((signal) => loadPatients(signal), PATIENTS_POLL_MS);
  useVisibleInterval((signal) => (phone ? loadThread(phone, signal) : undefined), THREAD_POLL_MS, phone !== null);

  const loadOlder = useCallback(async () => {
    const current = thread;
    if (!current?.olderCursor || current.isLoadingOlder) return;
    setThread({ ...current, isLoadingOlder: true, olderError: null });
    try {
      const page = await api<MessagePage>(`${base}/messages?phone=${encodeURIComponent(current.phone)}&limit=${THREAD_PAGE}&cursor=${encodeURIComponent(current.olderCursor)}`);
      setThread((latest) =>
        latest && latest.phone === current.phone
          ? { ...latest, messages: mergeMessages(latest.messages, page.items), olderCursor: page.nextCursor, isLoadingOlder: false }
          : latest,
      );
    } catch (error) {
      setThread((latest) => (latest && latest.phone === current.phone ? { ...latest, isLoadingOlder: false, olderError: errorMessage(error) } : latest));
    }
  }, [base, thread]);

  const loadMoreThreads = useCallback(async () => {
    if (!threadsCursor || isLoadingMoreThreads) return;
    setLoadingMoreThreads(true);
    setMoreThreadsError(null);
    try {
      const page = await api<MessagePage>(`${base}/messages?limit=${THREADS_PAGE}&cursor=${encodeURIComponent(threadsCursor)}`);
      setAll((current) => mergeMessages(current, page.items));
      setThreadsCursor(page.nextCursor);
    } catch (error) {
      setMoreThreadsError(errorMessage(error));
    } finally {
      setLoadingMoreThreads(false);
    }
  }, [base, threadsCursor, isLoadingMoreThreads]);

  const send = useCallback(
    async (to: string, body: string): Promise<SendResult> => {
      try {
        const sent = await api<Message>(`${base}/messages`, { method: 'POST', json: { to, body } });
        setThread((current) => (current && current.phone === counterpartOf(sent) ? { ...current, messages: mergeMessages(current.messages, [sent]) } : current));
        setAll((current) => mergeMessages(current, [sent]));
        return { ok: true };
      } catch (error) {
        const isOptedOut = error instanceof ApiError && error.code === 'OPTED_OUT';
        if (isOptedOut) {
          setThread((current) =>
            current && current.phone === to
              ? { ...current, contact: { id: current.contact?.id ?? '', name: current.contact?.name ?? null, phone: to, smsOptedOut: true } }
              : current,
          );
        }
        return { ok: false, message: errorMessage(error), isOptedOut };
      }
    },
    [base],
  );

  const refresh = useCallback(() => {
    void loadThreads();
    if (phone) void loadThread(phone);
  }, [loadThreads, loadThread, phone]);

  useClinicEvents((event) => {
    if (event.type.startsWith('sms.')) refresh();
  });

  const threads: Thread[] = useMemo(() => groupThreads(all, patients), [all, patients]);

  return {
    threads,
    threadsLoad,
    hasMoreThreads: threadsCursor !== null,
    isLoadingMoreThreads,
    moreThreadsError,
    loadMoreThreads,
    retryThreads: () => {
      setThreadsLoad({ status: 'loading' });
      void loadThreads(undefined, true);
    },
    patients,
    thread,
    loadOlder,
    retryThread: () => {
      if (!phone) return;
      setThread((current) => (current ? { ...current, load: { status: 'loading' } } : current));
      void loadThread(phone, undefined, true);
    },
    send,
    refresh,
  };
}
