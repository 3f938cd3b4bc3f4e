import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as E.164, reading national formats ("020 7946 0000") in the clinic's country;
 * undefined when it cannot be a number. Checks the length, not the allocation ranges: Ofcom's
 * drama numbers (07700 900xxx) used in demos and tests fail `isValid`, and a caller must never be
 * turned away because the bundled metadata is older than their operator's range.
 */
export function normalisePhone(raw: string, countryCode: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, countryCode.toUpperCase() as CountryCode);
  return parsed?.isPossible() ? parsed.number : undefined;
}
