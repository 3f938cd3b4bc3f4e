'use client';

import type { ConnectionState } from '@/lib/realtime/realtime-connection';
import { useConnectionState } from './realtime-provider';
import styles from './realtime.module.css';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const DESCRIPTIONS: Record<ConnectionState, string> = {
  connecting: 'Connecting to live updates',
  live: 'Live updates are on',
  reconnecting: 'Live updates dropped; reconnecting and catching up',
  offline: 'You are offline; live updates resume when the connection is back',
};

/** A small always-visible pill; screen readers hear when it changes. */
export function ConnectionPill() {
  const state = useConnectionState();
  return (
    <span className={`${styles.pill} ${styles[`pill-${state}`]}`} role="status" aria-live="polite" data-state={state} title={DESCRIPTIONS[state]}>
      <span className={styles.dot} aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {LABELS[state]}
    </span>
  );
}
