'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { api, errorMessage } from '@/lib/client/api';
import type { Appointment, Service } from '@/lib/appointments/appointment-types';
import { addDays, dateRangeInstants, nextOpenDate, parseLocalDate, toDayMinutes, toLocalParts, visibleRange, weekDates, type LocalDate, type OpeningHoursEntry } from '@/lib/appointments/calendar';
import { formatDay, formatTime, localDate } from '@/lib/format';
import { AppointmentDetail } from './appointment-detail';
import { BookingDialog } from './booking-dialog';
import { CalendarGrid, type DayAppointments } from './calendar-grid';
import { CalendarToolbar, type CalendarView } from './calendar-toolbar';
import { CancelDialog } from './cancel-dialog';
import { MoveDialog } from './move-dialog';
import styles from './appointments.module.css';

type Load<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; value: T };
/** The appointments of one date range: another range's list is never shown as this one's. */
type RangeLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; value: Appointment[]; rangeKey: string };
type Dialog = { kind: 'none' } | { kind: 'book' } | { kind: 'detail'; id: string } | { kind: 'move'; id: string } | { kind: 'cancel'; id: string };

function dayLabel(date: LocalDate): string {
  // A local date read at noon UTC is the same calendar day in every zone.
  return formatDay(`${date}T12:00:00Z`, 'UTC');
}

function rangeTitle(view: CalendarView, dates: LocalDate[]): string {
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const long = (date: LocalDate, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...options }).format(new Date(`${date}T12:00:00Z`));
  if (view === 'day') return long(first, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return `${long(first, { day: 'numeric', month: 'short' })} – ${long(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

export function AppointmentsView() {
  const { clinic } = useClinic();
  const timeZone = clinic.timezone;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const today = localDate(new Date(), timeZone);
  const view: CalendarView = searchParams.get('view') === 'day' ? 'day' : 'week';
  const date = parseLocalDate(searchParams.get('date')) ?? today;
  const dates = useMemo(() => (view === 'day' ? [date] : weekDates(date)), [view, date]);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;

  const rangeKey = `${first}/${last}`;
  const [appointments, setAppointments] = useState<RangeLoad>({ kind: 'loading' });
  const [openingHours, setOpeningHours] = useState<OpeningHoursEntry[]>([]);
  const [services, setServices] = useState<Load<Service[]>>({ kind: 'loading' });
  const [reloadKey, setReloadKey] = useState(0);
  const [showCancelled, setShowCancelled] = useState(false);
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [announcement, setAnnouncement] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [isActing, setIsActing] = useState(false);

  const navigate = useCallback(
    (next: { view?: CalendarView; date?: LocalDate }) => {
      const params = new URLSearchParams(searchParams.toString());
      params.set('view', next.view ?? view);
      params.set('date', next.date ?? date);
      router.push(`${pathname}?${params}`, { scroll: false });
    },
    [router, pathname, searchParams, view, date],
  );

  useEffect(() => {
    const controller = new AbortController();
    api<{ openingHours: OpeningHoursEntry[] }>(`/clinics/${clinic.id}/agent`, { signal: controller.signal })
      .then((body) => setOpeningHours(body.openingHours))
      // Without the hours the calendar still works on its default 09:00–17:00 day.
      .catch(() => undefined);
    api<{ items: Service[] }>(`/clinics/${clinic.id}/services`, { signal: controller.signal })
      .then((body) => setServices({ kind: 'ok', value: body.items }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setServices({ kind: 'error', message: errorMessage(caught) });
      });
    return () => controller.abort();
  }, [clinic.id]);

  useEffect(() => {
    const controller = new AbortController();
    const { from, to } = dateRangeInstants(first, last, timeZone);
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    // A refresh of the same range keeps the blocks on screen; a new range shows the loading state.
    setAppointments((current) => (current.kind === 'ok' && current.rangeKey === rangeKey ? current : { kind: 'loading' }));
    api<{ items: Appointment[] }>(`/clinics/${clinic.id}/appointments?${query}`, { signal: controller.signal })
      .then((body) => setAppointments({ kind: 'ok', value: body.items, rangeKey }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setAppointments({ kind: 'error', message: errorMessage(caught) });
      });
    return () => controller.abort();
  }, [clinic.id, timeZone, first, last, rangeKey, reloadKey]);

  useEffect(() => {
    // Bookings arrive from calls and texts too: coming back to the tab shows them.
    const refresh = () => {
      if (document.visibilityState === 'visible') setReloadKey((count) => count + 1);
    };
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, []);

  const items = appointments.kind === 'ok' ? appointments.value : [];
  const visible = items.filter((appointment) => showCancelled || appointment.status !== 'cancelled');
  const days: DayAppointments[] = dates.map((day) => ({
    date: day,
    label: dayLabel(day),
    appointments: visible.filter((appointment) => toLocalParts(appointment.startsAt, timeZone).date === day),
  }));
  const range = visibleRange(
    dates,
    openingHours,
    visible.map((appointment) => toDayMinutes(appointment.startsAt, appointment.endsAt, timeZone)),
  );
  const selected = dialog.kind === 'none' || dialog.kind === 'book' ? undefined : items.find((appointment) => appointment.id === dialog.id);
  const serviceList = services.kind === 'ok' ? services.value : [];

  function closeDialog() {
    setDialog({ kind: 'none' });
    setActionError(null);
  }

  function applyChange(changed: Appointment, message: string) {
    setAppointments((current) => (current.kind === 'ok' ? { ...current, value: current.value.map((item) => (item.id === changed.id ? changed : item)) } : current));
    setAnnouncement(message);
    setReloadKey((count) => count + 1);
  }

  function showAppointment(changed: Appointment) {
    const changedDate = toLocalParts(changed.startsAt, timeZone).date;
    if (!dates.includes(changedDate)) navigate({ date: changedDate });
  }

  async function confirm(appointment: Appointment) {
    setIsActing(true);
    setActionError(null);
    try {
      const changed = await api<Appointment>(`/clinics/${clinic.id}/appointments/${appointment.id}`, { method: 'PATCH', json: { status: 'confirmed' } });
      applyChange(changed, `Marked ${changed.patient.name ?? 'the appointment'} as confirmed.`);
    } catch (caught) {
      setActionError(errorMessage(caught));
    } finally {
      setIsActing(false);
    }
  }

  const bookingDate = (() => {
    const start = date < today ? today : date;
    return nextOpenDate(start, openingHours, { inclusive: true }) ?? start;
  })();
  const isEmpty = appointments.kind === 'ok' && visible.length === 0;

  return (
    <div className={styles.page}>
      <PageHeader
        title="Appointments"
        description={`Times are in the clinic’s time zone (${timeZone}).`}
        actions={
          <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'book' })} disabled={services.kind !== 'ok'}>
            New appointment
          </button>
        }
      />
      {services.kind === 'error' && <p className="form-error">Services did not load, so booking is unavailable: {services.message}</p>}
      <CalendarToolbar
        view={view}
        title={rangeTitle(view, dates)}
        isToday={dates.includes(today)}
        onView={(next) => navigate({ view: next })}
        onStep={(direction) => navigate({ date: addDays(date, direction * (view === 'day' ? 1 : 7)) })}
        onToday={() => navigate({ date: today })}
        showCancelled={showCancelled}
        onShowCancelled={setShowCancelled}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {appointments.kind === 'loading' && <LoadingState label="Loading appointments…" rows={5} />}
      {appointments.kind === 'error' && <ErrorState message={appointments.message} onRetry={() => setReloadKey((count) => count + 1)} />}
      {appointments.kind === 'ok' && (
        <>
          {isEmpty && (
            <p className={styles.emptyNote}>
              No appointments {view === 'day' ? 'this day' : 'this week'}. Book one with <strong>New appointment</strong>; bookings the AI agent makes on calls
              and texts appear here too.
            </p>
          )}
          <CalendarGrid
            days={days}
            range={range}
            timeZone={timeZone}
            today={today}
            openingHours={openingHours}
            onSelect={(appointment) => setDialog({ kind: 'detail', id: appointment.id })}
            listOnPhone={view === 'week'}
          />
        </>
      )}

      {dialog.kind === 'book' && (
        <BookingDialog
          clinicId={clinic.id}
          timeZone={timeZone}
          services={serviceList}
          initialDate={bookingDate}
          today={today}
          onClose={closeDialog}
          onBooked={(booked) => {
            closeDialog();
            setAppointments((current) => (current.kind === 'ok' ? { ...current, value: [...current.value, booked] } : current));
            setAnnouncement(`Booked ${booked.service.name} for ${booked.patient.name ?? 'the patient'} on ${formatDay(booked.startsAt, timeZone)} at ${formatTime(booked.startsAt, timeZone)}.`);
            setReloadKey((count) => count + 1);
            showAppointment(booked);
          }}
        />
      )}
      {dialog.kind === 'detail' && selected && (
        <AppointmentDetail
          appointment={selected}
          clinicId={clinic.id}
          timeZone={timeZone}
          isBusy={isActing}
          error={actionError}
          onClose={closeDialog}
          onMove={() => setDialog({ kind: 'move', id: selected.id })}
          onCancel={() => setDialog({ kind: 'cancel', id: selected.id })}
          onConfirm={() => confirm(selected)}
        />
      )}
      {dialog.kind === 'move' && selected && (
        <MoveDialog
          appointment={selected}
          service={serviceList.find((service) => service.id === selected.service.id)}
          clinicId={clinic.id}
          timeZone={timeZone}
          today={today}
          onClose={closeDialog}
          onMoved={(moved) => {
            closeDialog();
            applyChange(moved, `Moved to ${formatDay(moved.startsAt, timeZone)} at ${formatTime(moved.startsAt, timeZone)}.`);
            showAppointment(moved);
          }}
        />
      )}
      {dialog.kind === 'cancel' && selected && (
        <CancelDialog
          appointment={selected}
          clinicId={clinic.id}
          timeZone={timeZone}
          onClose={closeDialog}
          onCancelled={(cancelled) => {
            closeDialog();
            applyChange(cancelled, `Cancelled ${cancelled.service.name} for ${cancelled.patient.name ?? 'the patient'}.`);
          }}
        />
      )}
    </div>
  );
}
