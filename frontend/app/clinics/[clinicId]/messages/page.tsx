import { Suspense } from 'react';
import { MessagesView } from '@/components/messages/messages-view';
import { LoadingState } from '@/components/ui/states';

export const metadata = { title: 'Messages · Voxanne' };

export default function MessagesPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading messages…" />}>
      <MessagesView />
    </Suspense>
  );
}
