import type { ReactNode } from 'react';

export type StatusTone = 'ok' | 'warning' | 'danger' | 'neutral';

export function StatusBadge({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  return (
    <span className={`status-badge status-${tone}`}>
      <span className="status-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
