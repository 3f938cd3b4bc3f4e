import Link from 'next/link';
import { CallDetailView } from '@/components/calls/call-detail-view';
import { EmptyState, ErrorState, PageHeader } from '@/components/ui/states';
import { serverGet } from '@/lib/backend/server-api';
import type { CallDetail } from '@/lib/calls/call-types';

type CallPageProps = {
  params: Promise<{ clinicId: string; callId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function parseCallDetail(body: unknown): CallDetail | null {
  const call = body as Partial<CallDetail> | null;
  return call && typeof call.id === 'string' && Array.isArray(call.transcript) ? (call as CallDetail) : null;
}

export default async function CallPage({ params, searchParams }: CallPageProps) {
  const { clinicId, callId } = await params;
  const { q } = await searchParams;
  const back = (
    <Link className="button button-secondary button-small" href={`/clinics/${clinicId}/calls`}>
      ← All calls
    </Link>
  );
  const outcome = await serverGet(`/clinics/${encodeURIComponent(clinicId)}/calls/${encodeURIComponent(callId)}`, parseCallDetail);
  if (outcome.kind === 'rejected' && (outcome.status === 404 || outcome.status === 400)) {
    return (
      <>
        <PageHeader title="Call not found" actions={back} />
        <EmptyState title="There is no such call in this clinic">It may have been deleted, or the link is wrong.</EmptyState>
      </>
    );
  }
  if (outcome.kind !== 'ok') {
    return (
      <>
        <PageHeader title="Call" actions={back} />
        <ErrorState message={outcome.error.message} />
      </>
    );
  }
  const call = outcome.value;
  const title = call.patient?.name ?? call.callerName ?? 'Call';
  return (
    <>
      <PageHeader title={title === 'Call' ? 'Call' : `Call with ${title}`} actions={back} />
      <CallDetailView call={call} initialQuery={typeof q === 'string' ? q : ''} />
    </>
  );
}
