/**
 * SMS length as carriers bill it (3GPP TS 23.038). A body in the GSM 7-bit alphabet fits 160
 * characters in one segment and 153 per segment once split (the rest is the concatenation
 * header); a single character outside it switches the whole text to UCS-2: 70, then 67 per
 * segment, counted in UTF-16 code units. Extension characters (€, [, ] …) cost two septets.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXTENSION_SET = new Set(GSM_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export type SmsLength = { encoding: SmsEncoding; units: number; segments: number };

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/**
 * Typography our own texts pick up (from templates, the knowledge base or an LLM) that has a
 * GSM equivalent: one curly apostrophe would otherwise more than double the cost of a reply.
 */
const GSM_LOOKALIKES: ReadonlyArray<[RegExp, string]> = [
  [/[‘’‚‛′]/gu, "'"],
  [/[“”„‟″]/gu, '"'],
  [/[‐‑‒–—―]/gu, '-'],
  [/…/gu, '...'],
  [/[\u00a0\u2007\u202f\u2009\u200a]/gu, ' '],
  [/\u200b|\u200c|\u200d|\ufeff/gu, ''],
  [/•/gu, '-'],
];

export function toGsmFriendly(text: string): string {
  return GSM_LOOKALIKES.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}

export function smsLength(body: string): SmsLength {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC_SET.has(char)) septets += 1;
    else if (GSM_EXTENSION_SET.has(char)) septets += 2;
    else return lengthIn('UCS-2', body.length);
  }
  return lengthIn('GSM-7', septets);
}

function lengthIn(encoding: SmsEncoding, units: number): SmsLength {
  const limit = LIMITS[encoding];
  const segments = units <= limit.single ? 1 : Math.ceil(units / limit.multi);
  return { encoding, units, segments: Math.max(1, segments) };
}

/**
 * The body made GSM-friendly and cut to at most `maxSegments`: at the last sentence end that
 * fits, else the last word, marked with "...". Automated texts stay short and cheap; a cut
 * never splits a word or a number.
 */
export function fitSms(body: string, maxSegments: number): string {
  const text = toGsmFriendly(body).trim();
  if (smsLength(text).segments <= maxSegments) return text;
  const ellipsis = '...';
  let low = 0;
  let high = text.length;
  // The longest prefix (plus ellipsis) that fits; length is monotonic in the prefix.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (smsLength(text.slice(0, mid) + ellipsis).segments <= maxSegments) low = mid;
    else high = mid - 1;
  }
  const prefix = text.slice(0, low);
  const sentenceEnd = Math.max(prefix.lastIndexOf('. '), prefix.lastIndexOf('! '), prefix.lastIndexOf('? '));
  if (sentenceEnd > prefix.length / 2) return prefix.slice(0, sentenceEnd + 1);
  const wordEnd = prefix.lastIndexOf(' ');
  return `${(wordEnd > 0 ? prefix.slice(0, wordEnd) : prefix).replace(/[\s,;:.-]+$/u, '')}${ellipsis}`;
}
