import { Suspense } from 'react';
import { AppointmentsView } from '@/components/appointments/appointments-view';
import { LoadingState } from '@/components/ui/states';

export const metadata = { title: 'Appointments · Voxanne' };

export default function AppointmentsPage() {
  // The view and date live in the query string, which only the browser render reads.
  return (
    <Suspense fallback={<LoadingState label="Loading appointments…" rows={5} />}>
      <AppointmentsView />
    </Suspense>
  );
}
