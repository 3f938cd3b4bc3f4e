import { describe, expect, it } from '@jest/globals';
import { callListPath, dateRangeProblem, EMPTY_FILTERS, filtersToSearch, paramSourceOf, parseCallFilters } from './call-filters';

describe('parseCallFilters', () => {
  it('reads the search, outcomes in either spelling and dates', () => {
    const params = new URLSearchParams('q=%20lip%20filler%20&outcome=emergency,booked&outcome=answered&from=2026-11-01&to=2026-11-30');
    expect(parseCallFilters(params)).toEqual({ q: 'lip filler', outcomes: ['booked', 'answered', 'emergency'], from: '2026-11-01', to: '2026-11-30' });
  });

  it('drops unknown outcomes and impossible dates instead of failing', () => {
    const params = new URLSearchParams('outcome=nope,booked&from=2026-02-30&to=yesterday');
    expect(parseCallFilters(params)).toEqual({ ...EMPTY_FILTERS, outcomes: ['booked'] });
  });

  it('reads a server page searchParams record the same way', () => {
    expect(parseCallFilters(paramSourceOf({ q: ['first', 'second'], outcome: 'abandoned' }))).toEqual({ ...EMPTY_FILTERS, q: 'first', outcomes: ['abandoned'] });
  });
});

describe('filtersToSearch / callListPath', () => {
  it('writes one canonical URL per set of filters', () => {
    const filters = { q: ' parking ', outcomes: ['emergency', 'booked'] as const, from: '2026-11-01', to: '' };
    expect(filtersToSearch({ ...filters, outcomes: [...filters.outcomes] })).toBe('?q=parking&outcome=booked%2Cemergency&from=2026-11-01');
    expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
  });

  it('round-trips through the URL', () => {
    const filters = { q: 'cancellation policy', outcomes: ['message_taken' as const], from: '2026-10-01', to: '2026-10-31' };
    expect(parseCallFilters(new URLSearchParams(filtersToSearch(filters)))).toEqual(filters);
  });

  it('asks the API for a page after the cursor', () => {
    expect(callListPath('c1', { ...EMPTY_FILTERS, q: 'x y' }, 'abc')).toBe('/clinics/c1/calls?q=x+y&limit=50&cursor=abc');
  });
});

describe('dateRangeProblem', () => {
  it('refuses a range that ends before it starts', () => {
    expect(dateRangeProblem({ from: '2026-11-02', to: '2026-11-01' })).toMatch(/on or before/);
    expect(dateRangeProblem({ from: '2026-11-01', to: '2026-11-01' })).toBeNull();
    expect(dateRangeProblem({ from: '', to: '2026-11-01' })).toBeNull();
  });
});
