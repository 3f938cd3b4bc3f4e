import type { BackendHealth } from '@/lib/health/backend-health';
import type { CheckState } from '@/lib/health/readiness-checks';
import { StatusBadge, type StatusTone } from './status-badge';

const CHECK_DISPLAY: Record<CheckState | 'unknown', { tone: StatusTone; text: string }> = {
  ok: { tone: 'ok', text: 'Ready' },
  failing: { tone: 'danger', text: 'Not ready' },
  off: { tone: 'neutral', text: 'Not configured' },
  unknown: { tone: 'neutral', text: 'Unknown' },
};

function summarize(health: BackendHealth): { tone: StatusTone; text: string } {
  if (!health.isBackendUp) return { tone: 'danger', text: 'Backend unreachable' };
  if (!health.isReady) return { tone: 'warning', text: 'Degraded' };
  return { tone: 'ok', text: 'All systems operational' };
}

function formatCheckedAt(isoTime: string): string {
  return `${new Date(isoTime).toISOString().slice(11, 19)} UTC`;
}

type StatusRowProps = { label: string; tone: StatusTone; text: string; detail: string | null };

function StatusRow({ label, tone, text, detail }: StatusRowProps) {
  return (
    <div className="status-row">
      <dt>{label}</dt>
      <dd>
        <StatusBadge tone={tone}>{text}</StatusBadge>
        {detail && <span className="status-detail">{detail}</span>}
      </dd>
    </div>
  );
}

export function HealthPanel({ health }: { health: BackendHealth }) {
  const summary = summarize(health);
  const database = CHECK_DISPLAY[health.database.state];
  return (
    <section className="card" aria-labelledby="system-status-heading">
      <div className="card-heading">
        <h2 id="system-status-heading">System status</h2>
        <StatusBadge tone={summary.tone}>{summary.text}</StatusBadge>
      </div>
      <dl className="status-list">
        <StatusRow
          label="Backend API"
          tone={health.isBackendUp ? 'ok' : 'danger'}
          text={health.isBackendUp ? 'Up' : 'Down'}
          detail={health.backendDetail}
        />
        <StatusRow label="Database" tone={database.tone} text={database.text} detail={health.database.detail} />
        {health.otherChecks.map((check) => (
          <StatusRow key={check.name} label={check.label} {...CHECK_DISPLAY[check.state]} detail={check.detail} />
        ))}
      </dl>
      <p className="card-footnote">
        Checked at <time dateTime={health.checkedAt}>{formatCheckedAt(health.checkedAt)}</time>. Reload the page to check
        again.
      </p>
    </section>
  );
}
