import { CallsBrowser, type InitialCalls } from '@/components/calls/calls-browser';
import { PageHeader } from '@/components/ui/states';
import { serverGet } from '@/lib/backend/server-api';
import { callListPath, dateRangeProblem, filtersToSearch, paramSourceOf, parseCallFilters } from '@/lib/calls/call-filters';
import type { CallPage } from '@/lib/calls/call-types';

type CallsPageProps = {
  params: Promise<{ clinicId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function parseCallPage(body: unknown): CallPage | null {
  const page = body as Partial<CallPage> | null;
  return page && Array.isArray(page.items) ? { items: page.items, nextCursor: page.nextCursor ?? null } : null;
}

/** The first page is rendered here, so the list shows at once; filtering and paging then run in the browser. */
export default async function CallsPage({ params, searchParams }: CallsPageProps) {
  const { clinicId } = await params;
  const filters = parseCallFilters(paramSourceOf(await searchParams));
  const key = filtersToSearch(filters);
  let initial: InitialCalls = { key, page: { items: [], nextCursor: null }, error: null };
  if (!dateRangeProblem(filters)) {
    const outcome = await serverGet(callListPath(clinicId, filters), parseCallPage);
    initial = outcome.kind === 'ok' ? { key, page: outcome.value, error: null } : { key, page: null, error: outcome.error.message };
  }
  return (
    <>
      <PageHeader title="Calls" description="Every call the assistant answered: search transcripts, filter by outcome and date." />
      <CallsBrowser initial={initial} />
    </>
  );
}
