'use client';

import { useAlarmSound } from './alarm-sound';
import styles from './realtime.module.css';

function BellIcon({ isMuted }: { isMuted: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      {isMuted && <path d="M3 3l18 18" />}
    </svg>
  );
}

/** "Enable sound" for emergency alerts; a real toggle button (aria-pressed), remembered per browser. */
export function SoundToggle({ className = 'button button-secondary button-small' }: { className?: string }) {
  const { status, enable, disable } = useAlarmSound();
  const isOn = status !== 'off';
  const label = status === 'off' ? 'Enable alert sound' : status === 'blocked' ? 'Alert sound: click to allow' : 'Alert sound on';
  return (
    <button type="button" className={`${className} ${styles.soundToggle}`} aria-pressed={isOn} onClick={status === 'on' ? disable : enable}>
      <BellIcon isMuted={status !== 'on'} />
      <span>{label}</span>
    </button>
  );
}
