'use client';

import { useCallback, useSyncExternalStore } from 'react';

/**
 * The emergency alarm: a two-tone Web Audio beep, repeated. Browsers keep audio suspended until the
 * user interacts with the page, so the sound is opt-in ("Enable sound", remembered in
 * localStorage) and the context is resumed on the first click or key press after a reload.
 */
const STORAGE_KEY = 'voxanne.alertSound';
const BEEPS = 4;
const BEEP_GAP_S = 0.9;

let context: AudioContext | undefined;
const subscribers = new Set<() => void>();

function notify(): void {
  for (const subscriber of subscribers) subscriber();
}

function readPreference(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function audioContext(): AudioContext | undefined {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return undefined;
  if (!context) {
    context = new window.AudioContext();
    context.onstatechange = notify;
  }
  return context;
}

/** Call from a user gesture: the only moment a browser lets audio start. */
async function unlockAudio(): Promise<boolean> {
  const audio = audioContext();
  if (!audio) return false;
  if (audio.state === 'suspended') await audio.resume().catch(() => undefined);
  notify();
  return audio.state === 'running';
}

let isGestureListenerInstalled = false;

function resumeOnNextGesture(): void {
  if (isGestureListenerInstalled || typeof document === 'undefined') return;
  isGestureListenerInstalled = true;
  const onGesture = () => {
    document.removeEventListener('pointerdown', onGesture, true);
    document.removeEventListener('keydown', onGesture, true);
    isGestureListenerInstalled = false;
    if (readPreference()) void unlockAudio();
  };
  document.addEventListener('pointerdown', onGesture, true);
  document.addEventListener('keydown', onGesture, true);
}

function beepAt(audio: AudioContext, startS: number, frequencyHz: number, durationS: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'square';
  oscillator.frequency.setValueAtTime(frequencyHz, startS);
  gain.gain.setValueAtTime(0.0001, startS);
  gain.gain.exponentialRampToValueAtTime(0.18, startS + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, startS + durationS);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(startS);
  oscillator.stop(startS + durationS + 0.05);
}

/** Plays the alarm when sound is on and the browser allows it; answers whether it could. */
export function playAlarm(): boolean {
  if (!readPreference()) return false;
  const audio = audioContext();
  if (!audio || audio.state !== 'running') {
    resumeOnNextGesture();
    return false;
  }
  const now = audio.currentTime + 0.05;
  for (let beep = 0; beep < BEEPS; beep += 1) {
    const start = now + beep * BEEP_GAP_S;
    beepAt(audio, start, 880, 0.22);
    beepAt(audio, start + 0.28, 660, 0.22);
  }
  return true;
}

export type AlarmSoundStatus = 'off' | 'on' | 'blocked';

function snapshot(): AlarmSoundStatus {
  if (!readPreference()) return 'off';
  return context?.state === 'running' ? 'on' : 'blocked';
}

function subscribe(callback: () => void): () => void {
  subscribers.add(callback);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) callback();
  };
  window.addEventListener('storage', onStorage);
  if (readPreference()) resumeOnNextGesture();
  return () => {
    subscribers.delete(callback);
    window.removeEventListener('storage', onStorage);
  };
}

/** `blocked`: sound is wanted but the browser has not allowed audio yet (no click since loading). */
export function useAlarmSound(): { status: AlarmSoundStatus; enable: () => void; disable: () => void } {
  const status = useSyncExternalStore(subscribe, snapshot, () => 'off' as const);
  const enable = useCallback(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, 'on');
    } catch {
      // Private mode without storage: sound stays on for this page only.
    }
    void unlockAudio();
    notify();
  }, []);
  const disable = useCallback(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, 'off');
    } catch {
      // Nothing to remember it in.
    }
    notify();
  }, []);
  return { status, enable, disable };
}
