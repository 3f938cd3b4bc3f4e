import type { Metadata } from 'next';
import { AgentSettings } from '@/components/agent/agent-settings';

export const metadata: Metadata = { title: 'Agent' };

export default function AgentPage() {
  return <AgentSettings />;
}
