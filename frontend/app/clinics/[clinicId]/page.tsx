import { Suspense } from 'react';
import { OverviewSkeleton, OverviewStats } from '@/components/overview/overview-stats';
import { RangeToggle } from '@/components/overview/range-toggle';
import { PageHeader } from '@/components/ui/states';
import { parseRange } from '@/lib/overview/stats';

type OverviewPageProps = {
  params: Promise<{ clinicId: string }>;
  searchParams: Promise<{ range?: string | string[] }>;
};

export default async function OverviewPage({ params, searchParams }: OverviewPageProps) {
  const [{ clinicId }, query] = await Promise.all([params, searchParams]);
  const range = parseRange(query.range);
  return (
    <>
      <PageHeader
        title="Overview"
        description="Calls, bookings and messages handled by your AI receptionist."
        actions={<RangeToggle basePath={`/clinics/${clinicId}`} current={range} />}
      />
      <Suspense key={range} fallback={<OverviewSkeleton />}>
        <OverviewStats clinicId={clinicId} range={range} />
      </Suspense>
    </>
  );
}
