'use client';

import { useEffect, useRef } from 'react';

/**
 * Calls `tick` every `intervalMs` while the tab is visible, and once as soon as it becomes
 * visible again: a hidden dashboard costs the backend nothing, and a returning user sees fresh
 * data at once. Each tick gets a signal that aborts when the next one starts or on unmount.
 */
export function useVisibleInterval(tick: (signal: AbortSignal) => void | Promise<void>, intervalMs: number, enabled = true): void {
  const tickRef = useRef(tick);
  useEffect(() => {
    tickRef.current = tick;
  }, [tick]);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let isStopped = false;

    const run = async () => {
      clearTimeout(timer);
      controller?.abort();
      const current = new AbortController();
      controller = current;
      try {
        await tickRef.current(current.signal);
      } catch {
        // The tick reports its own errors; polling carries on.
      }
      if (!isStopped && controller === current && document.visibilityState === 'visible') timer = setTimeout(run, intervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void run();
      else clearTimeout(timer);
    };

    timer = setTimeout(run, intervalMs);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      isStopped = true;
      clearTimeout(timer);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled]);
}
