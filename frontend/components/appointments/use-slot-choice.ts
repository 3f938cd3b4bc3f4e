'use client';

import { useState } from 'react';
import type { ApiError } from '@/lib/client/api';
import type { AvailableSlot } from '@/lib/appointments/appointment-types';
import type { describeBookingFailure } from '@/lib/appointments/booking-errors';

type BookingFailure = ReturnType<typeof describeBookingFailure>;

/**
 * The free time chosen in a booking or move dialog, the alternatives the backend offered when it
 * refused one, and the key that makes the picker reload the free times.
 */
export function useSlotChoice() {
  const [slot, setSlot] = useState<AvailableSlot | null>(null);
  const [offered, setOffered] = useState<AvailableSlot[]>([]);
  const [refreshKey, setRefreshKey] = useState(0);

  return {
    slot,
    offered,
    refreshKey,
    choose: setSlot,
    /** The service or the day changed: the chosen time and any alternatives no longer apply. */
    clear() {
      setSlot(null);
      setOffered([]);
    },
    /** The backend refused the time (taken meanwhile, or outside hours): show its alternatives and reload. */
    refused(failure: BookingFailure, error: ApiError) {
      if (failure.alternatives.length === 0 && error.status !== 409) return;
      setSlot(null);
      setOffered(failure.alternatives);
      setRefreshKey((count) => count + 1);
    },
  };
}
