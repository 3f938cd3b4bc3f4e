/** Display helpers shared by every page. Times are always shown in the clinic's time zone. */

/** "+44 7700 900123" → "+44 •••• ••0123": enough to recognise a caller, not enough to copy. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return 'Unknown number';
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length < 6) return phone;
  const country = digits.startsWith('+44') ? '+44' : digits.startsWith('+') ? digits.slice(0, 2) : '';
  return `${country} •••• ••${digits.slice(-4)}`.trim();
}

/** 0 → "0:00", 75 → "1:15", 3700 → "1:01:40". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

/** "14:05". */
export function formatTime(iso: string, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "3 Dec 2026, 14:05". */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

/** "Thu 3 Dec". */
export function formatDay(iso: string, timeZone: string): string {
  return formatter(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(iso));
}

/** "2 min ago", "just now", "3 h ago", else the date. */
export function formatRelative(iso: string, now: number, timeZone: string): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return formatDateTime(iso, timeZone);
}

/** The clinic-local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(iso: string | Date, timeZone: string): string {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** "lip_filler" / "message_taken" → "Message taken". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
