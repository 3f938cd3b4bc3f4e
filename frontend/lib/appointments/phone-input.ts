/**
 * A patient's phone as typed at the desk: international (+44 7700 900123, 0044…) or UK national
 * (07700 900123). The backend reads national numbers in the clinic's country; here UK national
 * numbers become E.164 so what is shown and sent is unambiguous.
 */
export type PhoneCheck = { ok: true; e164: string } | { ok: false; message: string };

const E164 = /^\+[1-9]\d{7,14}$/;
const UK_NATIONAL = /^0\d{9,10}$/;
const FORMATTING = /[\s().-]/g;

export function checkPhoneInput(raw: string): PhoneCheck {
  const compact = raw.trim().replace(FORMATTING, '');
  if (!compact) return { ok: false, message: 'Enter the patient’s phone number.' };
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (E164.test(international)) {
    // "+44 (0)20 …" written with the trunk zero.
    const e164 = international.startsWith('+440') ? `+44${international.slice(4)}` : international;
    return { ok: true, e164 };
  }
  if (UK_NATIONAL.test(compact)) return { ok: true, e164: `+44${compact.slice(1)}` };
  return { ok: false, message: 'Enter a phone number like 07700 900123 or +44 7700 900123.' };
}
