'use client';

import { ErrorState } from '@/components/ui/states';

export default function ClinicPageError({ reset }: { error: Error; reset: () => void }) {
  return <ErrorState message="This page could not be shown. The Voxanne service may be restarting." onRetry={reset} />;
}
