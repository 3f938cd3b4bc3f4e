'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CallFiltersBar } from './call-filters-bar';
import { CallsTable } from './calls-table';
import { useClinic } from '@/components/shell/clinic-context';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { api, errorMessage } from '@/lib/client/api';
import { callListPath, dateRangeProblem, EMPTY_FILTERS, filtersToSearch, parseCallFilters, type CallFilters } from '@/lib/calls/call-filters';
import type { CallPage, CallSummary } from '@/lib/calls/call-types';
import { searchTermsPattern } from '@/lib/calls/transcript-search';
import styles from './calls.module.css';

/** The first page as the server rendered it, for the filters in `key` (see `filtersToSearch`). */
export type InitialCalls = { key: string; page: CallPage | null; error: string | null };

type ListState = {
  key: string;
  items: CallSummary[];
  nextCursor: string | null;
  status: 'ready' | 'loading' | 'error';
  error: string | null;
  isLoadingMore: boolean;
  moreError: string | null;
};

const SEARCH_DEBOUNCE_MS = 300;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Marks the benchmark (bench/calls-page.bench.ts) reads; cheap, and harmless anywhere else. */
function mark(name: string, detail?: unknown): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name, { detail });
}

export function CallsBrowser({ initial }: { initial: InitialCalls }) {
  const { clinic } = useClinic();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseCallFilters(searchParams), [searchParams]);
  const key = filtersToSearch(filters);
  const dateProblem = dateRangeProblem(filters);

  const [list, setList] = useState<ListState>(() => ({
    key: initial.key,
    items: initial.page?.items ?? [],
    nextCursor: initial.page?.nextCursor ?? null,
    status: initial.error ? 'error' : 'ready',
    error: initial.error,
    isLoadingMore: false,
    moreError: null,
  }));
  const [searchText, setSearchText] = useState(filters.q);
  const [isHydrated, setHydrated] = useState(false);
  const [reloads, setReloads] = useState(0);
  const requestRef = useRef<AbortController | null>(null);
  const debounceRef = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    setHydrated(true);
    mark('calls:interactive');
  }, []);

  // Filters live in the URL; history entries for deliberate changes, one replaced entry while typing.
  const navigate = useCallback(
    (next: CallFilters, mode: 'push' | 'replace') => {
      const url = `${pathname}${filtersToSearch(next)}`;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [pathname],
  );

  // Back/forward (or a link) changed the search in the URL: show it in the box.
  useEffect(() => {
    setSearchText((text) => (text.trim() === filters.q ? text : filters.q));
  }, [filters.q]);

  useEffect(() => () => {
    if (debounceRef.current) clearTimeout(debounceRef.current);
  }, []);

  // Loads page one whenever the filters change; a newer request cancels the one in flight.
  useEffect(() => {
    if (dateProblem) return;
    if (list.key === key && list.status !== 'loading' && reloads === 0) return;
    requestRef.current?.abort();
    const controller = new AbortController();
    requestRef.current = controller;
    setList((previous) => ({ ...previous, key, status: 'loading', error: null, isLoadingMore: false, moreError: null }));
    mark('calls:request', { key });
    api<CallPage>(callListPath(clinic.id, filters), { signal: controller.signal }).then(
      (page) => {
        if (controller.signal.aborted) return;
        setList({ key, items: page.items, nextCursor: page.nextCursor, status: 'ready', error: null, isLoadingMore: false, moreError: null });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setList((previous) => ({ ...previous, key, status: 'error', error: errorMessage(error) }));
      },
    );
    return () => controller.abort();
    // `list` is read only to skip the page the server already rendered, so it is no dependency.
  }, [key, clinic.id, dateProblem, reloads]);

  useEffect(() => {
    if (list.status === 'ready') mark('calls:results', { key: list.key, count: list.items.length });
  }, [list.status, list.key, list.items.length]);

  const changeSearchText = (text: string) => {
    setSearchText(text);
    if (debounceRef.current) clearTimeout(debounceRef.current);
    debounceRef.current = setTimeout(() => navigate({ ...filters, q: text.trim() }, 'replace'), SEARCH_DEBOUNCE_MS);
  };

  const searchNow = () => {
    if (debounceRef.current) clearTimeout(debounceRef.current);
    navigate({ ...filters, q: searchText.trim() }, 'replace');
  };

  const changeFilters = (change: Partial<CallFilters>) => {
    if (debounceRef.current) clearTimeout(debounceRef.current);
    navigate({ ...filters, q: searchText.trim(), ...change }, 'push');
  };

  const clearFilters = () => {
    if (debounceRef.current) clearTimeout(debounceRef.current);
    setSearchText('');
    navigate(EMPTY_FILTERS, 'push');
  };

  const loadMore = () => {
    if (!list.nextCursor || list.isLoadingMore) return;
    const controller = new AbortController();
    requestRef.current = controller;
    const cursor = list.nextCursor;
    setList((previous) => ({ ...previous, isLoadingMore: true, moreError: null }));
    api<CallPage>(callListPath(clinic.id, filters, cursor), { signal: controller.signal }).then(
      (page) => {
        if (controller.signal.aborted) return;
        setList((previous) =>
          previous.key !== key
            ? previous
            : { ...previous, items: [...previous.items, ...page.items], nextCursor: page.nextCursor, isLoadingMore: false },
        );
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setList((previous) => ({ ...previous, isLoadingMore: false, moreError: errorMessage(error) }));
      },
    );
  };

  const isActive = key !== '' || searchText.trim() !== '';
  const isStale = list.key !== key || list.status === 'loading';
  const highlight = useMemo(() => searchTermsPattern(list.key === key ? filters.q : ''), [filters.q, list.key, key]);

  let body;
  if (dateProblem) {
    body = <EmptyState title="Choose a valid date range">{dateProblem}</EmptyState>;
  } else if (list.status === 'error') {
    body = <ErrorState message={list.error ?? 'The calls could not be loaded.'} onRetry={() => setReloads((count) => count + 1)} />;
  } else if (list.status === 'loading' && list.items.length === 0) {
    body = <LoadingState label="Loading calls…" rows={6} />;
  } else if (list.items.length === 0) {
    body = isActive ? (
      <EmptyState title="No calls match these filters">Try other words, fewer outcomes or a wider date range.</EmptyState>
    ) : (
      <EmptyState title="No calls yet">Calls the assistant answers appear here as soon as they end.</EmptyState>
    );
  } else {
    body = (
      <>
        <div className={isStale ? styles.stale : undefined}>
          <CallsTable calls={list.items} clinicId={clinic.id} timeZone={clinic.timezone} query={list.key === key ? filters.q : ''} highlight={highlight} isBusy={isStale} />
        </div>
        <div className={styles.more}>
          {list.moreError && (
            <p className="form-error" role="alert">
              {list.moreError}
            </p>
          )}
          {list.nextCursor ? (
            <button type="button" className="button button-secondary" onClick={loadMore} disabled={list.isLoadingMore || isStale}>
              {list.isLoadingMore ? 'Loading…' : 'Load more calls'}
            </button>
          ) : (
            <p className="muted">That is every call{isActive ? ' matching these filters' : ''}.</p>
          )}
        </div>
      </>
    );
  }

  const count = list.items.length;
  const statusText = dateProblem
    ? ''
    : list.status === 'loading'
      ? filters.q
        ? `Searching for “${filters.q}”…`
        : 'Loading calls…'
      : list.status === 'error'
        ? 'The calls could not be loaded.'
        : `Showing ${count} ${count === 1 ? 'call' : 'calls'}${list.nextCursor ? ' (more available)' : ''}${filters.q ? ` matching “${filters.q}”` : ''}.`;

  return (
    <div className={styles.browser} data-ready={isHydrated ? 'true' : undefined}>
      <CallFiltersBar
        searchText={searchText}
        filters={filters}
        timeZone={clinic.timezone}
        dateProblem={dateProblem}
        isActive={isActive}
        onSearchText={changeSearchText}
        onSearchNow={searchNow}
        onChange={changeFilters}
        onClear={clearFilters}
      />
      <p className={styles.status} role="status" aria-live="polite" data-testid="calls-status">
        {statusText}
      </p>
      {body}
    </div>
  );
}
