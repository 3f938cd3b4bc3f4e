import type { Metadata } from 'next';
import { LiveCallsView } from '@/components/live/live-calls-view';

export const metadata: Metadata = { title: 'Live calls · Voxanne' };

export default function LiveCallsPage() {
  return <LiveCallsView />;
}
