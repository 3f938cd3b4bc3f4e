/**
 * How many SMS segments a text costs, the way carriers count (3GPP TS 23.038), so staff see the
 * price before they send. One character outside the GSM 7-bit alphabet turns the whole text into
 * UCS-2, which fits far fewer characters per segment.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// These take an escape septet as well, so they count twice.
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export type SmsCount = {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units per segment at this length: 160/70 for one segment, 153/67 once split. */
  perSegment: number;
  /** Units left before the next segment starts. */
  remaining: number;
};

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/**
 * Typography the backend swaps for GSM equivalents before sending (curly quotes, dashes, "…"):
 * counting after the same swap shows what the patient will actually be billed for.
 */
const REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/[‘’‚‛′]/g, "'"],
  [/[“”„‟″]/g, '"'],
  [/[‐‑‒–—―•]/g, '-'],
  [/…/g, '...'],
  [/[\u00a0\u2007\u202f\u2009\u200a]/g, ' '],
  [/[\u200b-\u200d\ufeff]/g, ''],
];

export function asSent(text: string): string {
  return REPLACEMENTS.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text).trim();
}

export function countSms(text: string): SmsCount {
  const body = asSent(text);
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else return countIn('UCS-2', body.length);
  }
  return countIn('GSM-7', septets);
}

function countIn(encoding: SmsEncoding, units: number): SmsCount {
  const { single, multi } = LIMITS[encoding];
  const segments = units <= single ? 1 : Math.ceil(units / multi);
  const perSegment = segments === 1 ? single : multi;
  return { encoding, units, segments, perSegment, remaining: segments * perSegment - units };
}

/** The first character that forces UCS-2, to name it in the hint ("😊 uses Unicode"). */
export function firstUnicodeCharacter(text: string): string | undefined {
  for (const char of asSent(text)) {
    if (!GSM_BASIC.has(char) && !GSM_EXTENDED.has(char)) return char;
  }
  return undefined;
}
