'use client';

import { blockBox, formatClock, hourMarks, isOpenOn, layoutOverlaps, toDayMinutes, type LocalDate, type MinuteRange, type OpeningHoursEntry } from '@/lib/appointments/calendar';
import { statusLabel } from '@/lib/appointments/appointment-status';
import type { Appointment } from '@/lib/appointments/appointment-types';
import { formatTime } from '@/lib/format';
import styles from './appointments.module.css';

export type DayAppointments = { date: LocalDate; label: string; appointments: Appointment[] };

type CalendarProps = {
  days: DayAppointments[];
  range: MinuteRange;
  timeZone: string;
  today: LocalDate;
  openingHours: OpeningHoursEntry[];
  onSelect: (appointment: Appointment) => void;
  /** Week view on a phone shows a list per day instead of the grid. */
  listOnPhone: boolean;
};

const HOUR_HEIGHT_REM = 5;

function blockLabel(appointment: Appointment, timeZone: string): string {
  const time = `${formatTime(appointment.startsAt, timeZone)}–${formatTime(appointment.endsAt, timeZone)}`;
  return `${time}, ${appointment.service.name}, ${appointment.patient.name ?? 'unnamed patient'}, ${statusLabel(appointment.status)}`;
}

export function CalendarGrid({ days, range, timeZone, today, openingHours, onSelect, listOnPhone }: CalendarProps) {
  const hours = (range.endMinutes - range.startMinutes) / 60;
  return (
    <>
      <div
        className={`${styles.grid} ${listOnPhone ? styles.gridHiddenOnPhone : ''}`}
        style={{ ['--day-count' as string]: days.length, ['--body-height' as string]: `${hours * HOUR_HEIGHT_REM}rem` }}
      >
        <div className={styles.gridCorner} aria-hidden="true" />
        {days.map((day) => (
          <h3 key={day.date} className={`${styles.dayHeading} ${day.date === today ? styles.today : ''}`}>
            {day.label}
            {day.date === today && <span className="visually-hidden"> (today)</span>}
            {!isOpenOn(day.date, openingHours) && <span className={styles.closedTag}>Closed</span>}
          </h3>
        ))}
        <div className={styles.timeAxis} aria-hidden="true">
          {hourMarks(range).map((minutes) => (
            <span key={minutes} style={{ top: `${((minutes - range.startMinutes) / (range.endMinutes - range.startMinutes)) * 100}%` }}>
              {formatClock(minutes)}
            </span>
          ))}
        </div>
        {days.map((day) => (
          <DayColumn key={day.date} day={day} range={range} timeZone={timeZone} isClosed={!isOpenOn(day.date, openingHours)} onSelect={onSelect} />
        ))}
      </div>
      {listOnPhone && <AgendaList days={days} timeZone={timeZone} today={today} openingHours={openingHours} onSelect={onSelect} />}
    </>
  );
}

function DayColumn({ day, range, timeZone, isClosed, onSelect }: { day: DayAppointments; range: MinuteRange; timeZone: string; isClosed: boolean; onSelect: (appointment: Appointment) => void }) {
  const blocks = layoutOverlaps(day.appointments.map((appointment) => ({ appointment, ...toDayMinutes(appointment.startsAt, appointment.endsAt, timeZone) })));
  return (
    <ul className={`${styles.dayColumn} ${isClosed ? styles.closedDay : ''}`} aria-label={`${day.label}: ${day.appointments.length === 1 ? '1 appointment' : `${day.appointments.length} appointments`}`}>
      {hourMarks(range).map((minutes) => (
        <li key={`line-${minutes}`} aria-hidden="true" className={styles.hourLine} style={{ top: `${((minutes - range.startMinutes) / (range.endMinutes - range.startMinutes)) * 100}%` }} />
      ))}
      {blocks.map(({ item, column, columns }) => {
        const box = blockBox(item, range, { column, columns });
        const { appointment } = item;
        const minutes = item.endMinutes - item.startMinutes;
        const fit = minutes < 25 ? styles.blockOneLine : minutes < 45 ? styles.blockTwoLines : '';
        return (
          <li key={appointment.id} className={styles.blockSlot} style={{ top: `${box.top}%`, height: `${box.height}%`, left: `${box.left}%`, width: `${box.width}%` }}>
            <button
              type="button"
              className={`${styles.block} ${styles[`status_${appointment.status}`] ?? ''} ${fit}`}
              onClick={() => onSelect(appointment)}
              title={blockLabel(appointment, timeZone)}
            >
              {/* The visible text is the accessible name; the hidden parts make it read as a sentence. */}
              <span className={styles.blockTime}>
                {formatTime(appointment.startsAt, timeZone)}
                <span className="visually-hidden">–{formatTime(appointment.endsAt, timeZone)}, </span>
              </span>
              <span className={styles.blockService}>
                {appointment.service.name}
                <span className="visually-hidden">, </span>
              </span>
              <span className={styles.blockPatient}>
                {appointment.patient.name ?? 'Unnamed patient'}
                <span className="visually-hidden">, </span>
              </span>
              <span className={styles.blockStatus}>{statusLabel(appointment.status)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function AgendaList({ days, timeZone, today, openingHours, onSelect }: { days: DayAppointments[]; timeZone: string; today: LocalDate; openingHours: OpeningHoursEntry[]; onSelect: (appointment: Appointment) => void }) {
  return (
    <div className={styles.agenda}>
      {days.map((day) => (
        <section key={day.date} className={styles.agendaDay} aria-label={day.label}>
          <h3 className={day.date === today ? styles.today : undefined}>
            {day.label}
            {day.date === today && <span className={styles.todayTag}>Today</span>}
          </h3>
          {day.appointments.length === 0 ? (
            <p className="muted">{isOpenOn(day.date, openingHours) ? 'No appointments' : 'Closed'}</p>
          ) : (
            <ul>
              {day.appointments.map((appointment) => (
                <li key={appointment.id}>
                  <button type="button" className={`${styles.agendaItem} ${styles[`status_${appointment.status}`] ?? ''}`} onClick={() => onSelect(appointment)}>
                    <span className={styles.agendaTime}>
                      {formatTime(appointment.startsAt, timeZone)}–{formatTime(appointment.endsAt, timeZone)}
                      <span className="visually-hidden">, </span>
                    </span>
                    <span className={styles.agendaMain}>
                      <strong>{appointment.service.name}</strong>
                      <span className="visually-hidden">, </span>
                      <span>{appointment.patient.name ?? 'Unnamed patient'}</span>
                      <span className="visually-hidden">, </span>
                    </span>
                    <span className={styles.blockStatus}>{statusLabel(appointment.status)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
