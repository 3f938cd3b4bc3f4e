'use client';

import { useCallback, useEffect, useState } from 'react';

/**
 * When this user last read each thread, kept in this browser: the API has no read receipts, and
 * "unread" only has to mean "the patient wrote since I last looked". Stored per clinic and user,
 * so a shared front-desk computer keeps each person's marks apart.
 */
export function useSeenThreads(clinicId: string, userId: string) {
  const key = `voxanne:messages-seen:${clinicId}:${userId}`;
  const [seen, setSeen] = useState<Record<string, string>>({});

  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(key) ?? '{}') as unknown;
      if (stored && typeof stored === 'object') setSeen(stored as Record<string, string>);
    } catch {
      // A corrupt or blocked store: every inbound thread simply shows as unread.
    }
  }, [key]);

  const markSeen = useCallback(
    (phone: string, at: string) => {
      setSeen((current) => {
        if (current[phone] !== undefined && current[phone] >= at) return current;
        const next = { ...current, [phone]: at };
        try {
          window.localStorage.setItem(key, JSON.stringify(next));
        } catch {
          // Private mode or a full store: unread marks last for this visit only.
        }
        return next;
      });
    },
    [key],
  );

  return { seenAt: seen, markSeen };
}
