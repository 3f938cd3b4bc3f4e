import { formatPrice } from '../../platform/intl';
import { matchServices } from './booking-request';

/** What the engine knows of a service to quote it: the clinic's own price list, which owners edit. */
export type PricedService = {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number | null;
  currency: string;
  depositMinor: number;
};

const PRICE_QUESTION = /\b(how much|price[sd]?|pricing|costs?|charges?|fees?)\b/i;
// A spoken answer stays short: name at most this many of a tie ("laser hair removal" → three areas).
const MAX_QUOTED = 3;

/** "HydraFacial is £150 (60 minutes), with a £50 deposit to book". */
export function describeServicePrice(service: PricedService): string {
  const price =
    service.priceMinor === null
      ? `${service.name} is priced at a consultation`
      : service.priceMinor === 0
        ? `${service.name} is free`
        : `${service.name} is ${formatPrice(service.priceMinor, service.currency)}`;
  const deposit = service.depositMinor > 0 ? `, with a ${formatPrice(service.depositMinor, service.currency)} deposit to book` : '';
  return `${price} (${service.durationMinutes} minutes)${deposit}`;
}

/**
 * The answer to "how much is …?" from the services table, undefined when the text is not a price
 * question or names no service. The table wins over knowledge-base text, which may lag a price change.
 */
export function answerPriceQuestion(text: string, services: readonly PricedService[]): string | undefined {
  if (!PRICE_QUESTION.test(text)) return undefined;
  const matched = matchServices(text, services).slice(0, MAX_QUOTED);
  if (matched.length === 0) return undefined;
  return `${matched.map(describeServicePrice).join('; ')}. Would you like to book?`;
}
