import { PageHeader } from '@/components/ui/states';

export default function OverviewPage() {
  return <PageHeader title="Overview" description="Today at a glance." />;
}
