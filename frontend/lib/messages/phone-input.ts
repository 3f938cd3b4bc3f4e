/**
 * A number typed into "New message", read as E.164. UK national numbers ("07700 900123",
 * "020 7946 0000") and the 00 international prefix are accepted; the backend normalises again
 * in the clinic's country, this only catches typos before a round trip.
 */
export type PhoneInput = { ok: true; e164: string } | { ok: false; message: string };

export function parsePhoneInput(raw: string): PhoneInput {
  const compact = raw.trim().replace(/[\s().-]/g, '').replace(/^\+44\(?0\)?/, '+44');
  if (!compact) return { ok: false, message: 'Enter a phone number.' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, message: 'Use digits only, e.g. 07700 900123 or +447700900123.' };
  let e164 = compact;
  if (compact.startsWith('00')) e164 = `+${compact.slice(2)}`;
  else if (compact.startsWith('0')) e164 = `+44${compact.slice(1)}`;
  else if (!compact.startsWith('+')) return { ok: false, message: 'Start with 0 for a UK number or + and the country code.' };
  if (e164.startsWith('+44')) {
    // UK numbers are 10 digits after the country code (a few old ones 9).
    const national = e164.slice(3);
    if (national.startsWith('0') || national.length < 9 || national.length > 10) {
      return { ok: false, message: 'That is not a complete UK number (e.g. 07700 900123).' };
    }
  }
  if (!/^\+[1-9]\d{7,14}$/.test(e164)) return { ok: false, message: 'That is not a complete international number (+ country code, 8–15 digits).' };
  return { ok: true, e164 };
}

/** "+447700900123" → "+44 7700 900123" for reading; other countries in groups of three. */
export function formatPhone(e164: string): string {
  if (/^\+44\d{10}$/.test(e164)) return `+44 ${e164.slice(3, 7)} ${e164.slice(7)}`;
  return e164;
}
