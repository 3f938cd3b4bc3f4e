'use client';

import Link from 'next/link';
import { useEffect, useReducer, useRef, useState } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { api, ApiError, errorMessage } from '@/lib/client/api';
import { formatTime } from '@/lib/format';
import { alertsReducer, INITIAL_ALERTS, pickEscalationId, telHref, type EmergencyAlert } from '@/lib/realtime/emergency-alerts';
import { playAlarm } from './alarm-sound';
import { useClinicEvents, useConnectionState } from './realtime-provider';
import { SoundToggle } from './sound-toggle';
import styles from './realtime.module.css';

type CallForAlert = {
  fromNumber: string | null;
  callerName: string | null;
  patient: { name: string | null } | null;
  escalations: Array<{ id: string; kind: string; status: string }>;
};

function storageKey(clinicId: string): string {
  return `voxanne.alerts.${clinicId}`;
}

function loadStoredAlerts(clinicId: string): EmergencyAlert[] {
  try {
    const stored: unknown = JSON.parse(window.sessionStorage.getItem(storageKey(clinicId)) ?? '[]');
    return Array.isArray(stored) ? (stored as EmergencyAlert[]).filter((alert) => typeof alert?.key === 'string' && typeof alert.text === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Emergency and escalation alerts on every clinic page: a red banner per alert that stays (across
 * navigation and reloads of this tab) until someone acknowledges it, with the caller's number to
 * ring back, a link to the call and an optional alarm sound.
 */
export function EmergencyAlerts() {
  const { clinic } = useClinic();
  const [state, dispatch] = useReducer(alertsReducer, INITIAL_ALERTS);
  const [isRestored, setRestored] = useState(false);
  const knownKeys = useRef(new Set<string>());

  useEffect(() => {
    const stored = loadStoredAlerts(clinic.id);
    for (const alert of stored) knownKeys.current.add(alert.key);
    dispatch({ type: 'restore', alerts: stored });
    setRestored(true);
  }, [clinic.id]);

  useEffect(() => {
    if (!isRestored) return;
    try {
      window.sessionStorage.setItem(storageKey(clinic.id), JSON.stringify(state.alerts));
    } catch {
      // No storage: the banner still stays for as long as the page does.
    }
  }, [clinic.id, isRestored, state.alerts]);

  useClinicEvents((event) => dispatch({ type: 'event', event }));

  useEffect(() => {
    const fresh = state.alerts.filter((alert) => !knownKeys.current.has(alert.key));
    for (const alert of fresh) knownKeys.current.add(alert.key);
    if (fresh.length > 0) playAlarm();
  }, [state.alerts]);

  useEffect(() => {
    for (const alert of state.alerts) {
      if (!alert.callId || alert.isDetailRequested) continue;
      dispatch({ type: 'detail-requested', key: alert.key });
      api<CallForAlert>(`/clinics/${clinic.id}/calls/${alert.callId}`)
        .then((call) =>
          dispatch({
            type: 'details',
            key: alert.key,
            phone: call.fromNumber,
            patientName: call.patient?.name ?? call.callerName,
            escalationId: pickEscalationId(call.escalations, alert.kind),
          }),
        )
        // The banner works without the number (the text and the call link stay); nothing to retry into.
        .catch(() => undefined);
    }
  }, [clinic.id, state.alerts]);

  return (
    <div className={styles.alerts}>
      <RealtimeNotice />
      {state.alerts.map((alert) => (
        <AlertBanner key={alert.key} alert={alert} onDone={() => dispatch({ type: 'dismiss', key: alert.key })} />
      ))}
    </div>
  );
}

function AlertBanner({ alert, onDone }: { alert: EmergencyAlert; onDone: () => void }) {
  const { clinic } = useClinic();
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isEmergency = alert.kind === 'emergency';
  const titleId = `${alert.key}-title`;

  async function acknowledge() {
    if (!alert.escalationId) {
      onDone();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/clinics/${clinic.id}/escalations/${alert.escalationId}`, { method: 'PATCH', json: { status: 'acknowledged' } });
      onDone();
    } catch (caught) {
      // Already acknowledged or resolved by someone else: nothing left to do here.
      if (caught instanceof ApiError && (caught.status === 409 || caught.status === 404)) onDone();
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={isEmergency ? styles.emergency : styles.escalation} role="alert" aria-labelledby={titleId} data-alert-kind={alert.kind}>
      <div className={styles.alertBody}>
        <p className={styles.alertTitle} id={titleId}>
          <span aria-hidden="true">⚠ </span>
          {isEmergency ? 'Emergency on a call' : 'Escalation'}
          <span className={styles.alertTime}> · {formatTime(alert.at, clinic.timezone)}</span>
        </p>
        {/* The backend names red flags by code ("vascular_occlusion"); staff read words. */}
        <p className={styles.alertText}>{alert.text.replace(/_/g, ' ')}</p>
        <p className={styles.alertCaller}>
          {alert.patientName && <span>{alert.patientName} · </span>}
          {alert.phone ? (
            <a className={styles.alertPhone} href={telHref(alert.phone)}>
              Call back {alert.phone}
            </a>
          ) : alert.callId ? (
            <span>Looking up the caller’s number…</span>
          ) : null}
          {alert.callId && (
            <>
              {' · '}
              <Link className={styles.alertLink} href={`/clinics/${clinic.id}/calls/${alert.callId}`}>
                Open the call
              </Link>
            </>
          )}
        </p>
        {error && <p className={styles.alertError}>Could not acknowledge: {error}</p>}
      </div>
      <div className={styles.alertActions}>
        <button type="button" className={styles.acknowledge} onClick={acknowledge} disabled={isBusy}>
          {isBusy ? 'Acknowledging…' : 'Acknowledge'}
        </button>
        <SoundToggle className={styles.alertSound} />
      </div>
    </section>
  );
}

const NOTICE_DELAY_MS = 8_000;

/** When live updates have been down for a while, every page says so: alerts may be late. */
function RealtimeNotice() {
  const state = useConnectionState();
  const [isShown, setShown] = useState(false);
  const isDown = state === 'offline' || state === 'reconnecting';

  useEffect(() => {
    if (!isDown) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), NOTICE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [isDown]);

  return (
    <div role="status" aria-live="polite">
      {isShown && isDown && (
        <p className={styles.notice}>
          {state === 'offline' ? 'You are offline.' : 'Live updates dropped; reconnecting.'} Live calls and emergency alerts will catch up once
          the connection is back.
        </p>
      )}
    </div>
  );
}
