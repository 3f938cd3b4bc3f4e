'use client';

import { useEffect, useState } from 'react';
import { nextRevealedText } from '@/lib/realtime/word-reveal';

const TICK_MS = 55;

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}

/** Text that arrives in bursts, shown word by word as it grows (at once for reduced motion). */
export function StreamingText({ text, isAnimated }: { text: string; isAnimated: boolean }) {
  const [shown, setShown] = useState(isAnimated ? '' : text);

  useEffect(() => {
    if (shown === text) return;
    const isInstant = !isAnimated || prefersReducedMotion();
    const timer = setTimeout(() => setShown((current) => (isInstant ? text : nextRevealedText(current, text))), isInstant ? 0 : TICK_MS);
    return () => clearTimeout(timer);
  }, [shown, text, isAnimated]);

  return <>{shown}</>;
}
