import { formatDateTime } from '@/lib/format';
import type { VapiSyncState } from '@/lib/agent/agent-types';
import styles from './agent.module.css';

const LABELS: Record<VapiSyncState['status'], { text: string; badge: string }> = {
  disabled: { text: 'Not synced (no Vapi key)', badge: 'badge-warning' },
  not_synced: { text: 'Not synced yet', badge: 'badge-warning' },
  pending: { text: 'Syncing…', badge: 'badge-brand' },
  synced: { text: 'Synced', badge: 'badge-ok' },
  failed: { text: 'Sync failed', badge: 'badge-danger' },
};

/** Whether Vapi's copy of the assistant matches these settings, as the backend reports it. */
export function VapiSyncStatus({ sync, timeZone }: { sync: VapiSyncState; timeZone: string }) {
  const label = LABELS[sync.status];
  return (
    <section className={`card ${styles.syncCard}`} aria-labelledby="vapi-sync-heading" aria-live="polite">
      <div className={styles.syncHead}>
        <h2 id="vapi-sync-heading" className={styles.sectionHeading}>
          Vapi assistant
        </h2>
        <span className={`badge ${label.badge}`}>{label.text}</span>
      </div>
      <p className={styles.syncMessage}>{sync.message}</p>
      <dl className={styles.syncFacts}>
        <div>
          <dt>Last synced</dt>
          <dd>{sync.lastSyncedAt ? formatDateTime(sync.lastSyncedAt, timeZone) : 'Never'}</dd>
        </div>
        {sync.assistantId && (
          <div>
            <dt>Assistant id</dt>
            <dd className={styles.mono}>{sync.assistantId}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
