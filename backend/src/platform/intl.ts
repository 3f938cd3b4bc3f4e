/**
 * Shared `Intl` formatters. Constructing one costs far more than formatting with it (locale
 * data is resolved on every construction), and the voice paths format prices and times on
 * every assistant request and tool call, so each distinct locale + options pair is built once.
 * The keys are bounded: option shapes are literals in the code, and the only variable parts are
 * validated IANA time zones and ISO currencies from clinic settings. Never pass raw user input
 * (an unvalidated time zone would grow the cache; validate with the constructor instead).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function memoised<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

/** A cached `Intl.DateTimeFormat`; throws like the constructor does for an unknown time zone. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return memoised(dateTimeFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** "Tue 8 Dec at 12:00" in the time zone: how appointments are named to patients, in replies and texts. */
export function formatDayAndTime(instant: Date, timeZone: string): { label: string; time: string } {
  const day = dateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(instant);
  const time = dateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return { label: `${day} at ${time}`, time };
}

/** A cached `Intl.NumberFormat`; throws like the constructor does for an unknown currency. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return memoised(numberFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** An amount in minor units as spoken or written to a patient: "£95", "£95.50". */
export function formatPrice(amountMinor: number, currency: string): string {
  try {
    const formatted = numberFormat('en-GB', { style: 'currency', currency }).format(amountMinor / 100);
    return formatted.replace(/\.00$/, '');
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}
