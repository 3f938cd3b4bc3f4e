import { Suspense } from 'react';
import { EscalationsView } from '@/components/escalations/escalations-view';
import { LoadingState } from '@/components/ui/states';

export const metadata = { title: 'Escalations · Voxanne' };

export default function EscalationsPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading escalations…" />}>
      <EscalationsView />
    </Suspense>
  );
}
