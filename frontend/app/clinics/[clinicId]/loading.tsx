import { LoadingState } from '@/components/ui/states';

export default function ClinicPageLoading() {
  return <LoadingState rows={5} />;
}
