import { CALL_OUTCOMES, type CallOutcome } from './call-types';

/**
 * The Calls page's filters as they live in the URL (`?q=&outcome=a,b&from=&to=`): parsed
 * leniently (an unknown outcome or a malformed date is dropped, not an error), written
 * canonically so one set of filters has one URL and one request key.
 */
export type CallFilters = { q: string; outcomes: CallOutcome[]; from: string; to: string };

export const EMPTY_FILTERS: CallFilters = { q: '', outcomes: [], from: '', to: '' };
export const PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 200;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

type ParamSource = { get(name: string): string | null; getAll(name: string): string[] };

function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isOutcome(value: string): value is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(value);
}

export function parseCallFilters(params: ParamSource): CallFilters {
  const outcomes = new Set(
    params
      .getAll('outcome')
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(isOutcome),
  );
  const date = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return isValidDate(value) ? value : '';
  };
  return {
    q: (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
    outcomes: CALL_OUTCOMES.filter((outcome) => outcomes.has(outcome)),
    from: date('from'),
    to: date('to'),
  };
}

/** Next's `searchParams` object in a server page, read like URLSearchParams. */
export function paramSourceOf(record: Record<string, string | string[] | undefined>): ParamSource {
  const all = (name: string) => {
    const value = record[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  return { get: (name) => all(name)[0] ?? null, getAll: all };
}

/** `?q=…&outcome=…` for the page URL, `''` without filters. */
export function filtersToSearch(filters: CallFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.outcomes.length) params.set('outcome', CALL_OUTCOMES.filter((o) => filters.outcomes.includes(o)).join(','));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The API path of one page of calls for these filters. */
export function callListPath(clinicId: string, filters: CallFilters, cursor?: string | null): string {
  const params = new URLSearchParams(filtersToSearch(filters));
  params.set('limit', String(PAGE_SIZE));
  if (cursor) params.set('cursor', cursor);
  return `/clinics/${encodeURIComponent(clinicId)}/calls?${params.toString()}`;
}

export function hasActiveFilters(filters: CallFilters): boolean {
  return filtersToSearch(filters) !== '';
}

/** Why a date range cannot be asked for, or null when it can. */
export function dateRangeProblem(filters: Pick<CallFilters, 'from' | 'to'>): string | null {
  if (filters.from && filters.to && filters.from > filters.to) return 'The start date must be on or before the end date.';
  return null;
}
