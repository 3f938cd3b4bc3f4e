'use client';

import { useState } from 'react';
import type { ApiError } from '@/lib/client/api';
import type { AvailableSlot } from '@/lib/appointments/appointment-types';
import type { describeBookingFailure } from '@/lib/appointments/booking-errors';
import { parseLocalDate, type LocalDate } from '@/lib/appointments/calendar';

type BookingFailure = ReturnType<typeof describeBookingFailure>;

/**
 * The day and free time chosen in a booking or move dialog, the alternatives the backend offered
 * when it refused one, and the key that makes the picker reload the free times.
 */
export function useSlotChoice(initialDate: LocalDate) {
  const [date, setDate] = useState<LocalDate>(initialDate);
  const [slot, setSlot] = useState<AvailableSlot | null>(null);
  const [offered, setOffered] = useState<AvailableSlot[]>([]);
  const [refreshKey, setRefreshKey] = useState(0);

  const clear = () => {
    setSlot(null);
    setOffered([]);
  };

  return {
    date,
    /** The date input's value: another day, so the chosen time no longer applies. */
    pickDay(value: string) {
      const next = parseLocalDate(value);
      if (!next) return;
      setDate(next);
      clear();
    },
    slot,
    offered,
    refreshKey,
    choose: setSlot,
    /** The service changed: the chosen time and any alternatives no longer apply. */
    clear,
    /** The backend refused the time (taken meanwhile, or outside hours): show its alternatives and reload. */
    refused(failure: BookingFailure, error: ApiError) {
      if (failure.alternatives.length === 0 && error.status !== 409) return;
      setSlot(null);
      setOffered(failure.alternatives);
      setRefreshKey((count) => count + 1);
    },
  };
}
