import type { ClinicService, ServiceCreate, ServicePatch } from './agent-types';

/**
 * One row of the services editor as plain data: what it starts from, how it is checked before
 * saving, what POST or PATCH body it becomes, and where the backend's details land on it.
 * Amounts are typed in pounds ("125.50"); the API speaks minor units (pence).
 */

export const SERVICE_LIMITS = { name: 120, minDuration: 5, maxDuration: 600, maxAmountMinor: 100_000_000 } as const;

export type ServiceDraft = {
  /** A stable React key: the service id, or `new-<n>` for a row not saved yet. */
  key: string;
  id: string | null;
  name: string;
  duration: string;
  /** Empty: the price is set at a consultation. */
  price: string;
  /** Empty: no deposit. */
  deposit: string;
  isActive: boolean;
};

export type ServiceField = 'name' | 'duration' | 'price' | 'deposit';
/** Field → message, plus `row` for what belongs to no single field. */
export type ServiceErrors = Partial<Record<ServiceField | 'row', string>>;

/** "125.50" for 12550, "" for null. */
export function poundsFromMinor(minor: number | null): string {
  if (minor === null) return '';
  return minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);
}

/** Pence from "£125.50", "125.5", "1,250": undefined when it is not an amount with at most two decimals. */
export function minorFromPounds(text: string): number | undefined {
  const cleaned = text.trim().replace(/^£\s*/, '').replace(/,(?=\d{3}\b)/g, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

export function draftFromService(service: ClinicService): ServiceDraft {
  return {
    key: service.id,
    id: service.id,
    name: service.name,
    duration: String(service.durationMinutes),
    price: poundsFromMinor(service.priceMinor),
    deposit: service.depositMinor > 0 ? poundsFromMinor(service.depositMinor) : '',
    isActive: service.isActive,
  };
}

export function emptyDraft(key: string): ServiceDraft {
  return { key, id: null, name: '', duration: '30', price: '', deposit: '', isActive: true };
}

type Parsed = { name: string; durationMinutes: number; priceMinor: number | null; depositMinor: number };

function parseDraft(draft: ServiceDraft): { parsed?: Parsed; errors: ServiceErrors } {
  const errors: ServiceErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Enter the service name.';
  else if (name.length > SERVICE_LIMITS.name) errors.name = `Keep the name under ${SERVICE_LIMITS.name + 1} characters.`;

  const duration = draft.duration.trim();
  const durationMinutes = /^\d+$/.test(duration) ? Number(duration) : NaN;
  if (!(durationMinutes >= SERVICE_LIMITS.minDuration && durationMinutes <= SERVICE_LIMITS.maxDuration)) {
    errors.duration = `Enter whole minutes from ${SERVICE_LIMITS.minDuration} to ${SERVICE_LIMITS.maxDuration}.`;
  }

  const priceMinor = draft.price.trim() === '' ? null : minorFromPounds(draft.price);
  if (priceMinor === undefined || (priceMinor !== null && priceMinor > SERVICE_LIMITS.maxAmountMinor)) {
    errors.price = 'Enter a price like 125 or 125.50, or leave it empty (on consultation).';
  }
  const depositMinor = draft.deposit.trim() === '' ? 0 : minorFromPounds(draft.deposit);
  if (depositMinor === undefined || depositMinor > SERVICE_LIMITS.maxAmountMinor) errors.deposit = 'Enter a deposit like 50 or 50.00, or leave it empty.';
  else if (typeof priceMinor === 'number' && depositMinor > priceMinor) errors.deposit = 'The deposit cannot be more than the price.';

  if (Object.keys(errors).length > 0 || priceMinor === undefined || depositMinor === undefined) return { errors };
  return { parsed: { name, durationMinutes, priceMinor, depositMinor }, errors };
}

export function validateServiceDraft(draft: ServiceDraft): ServiceErrors {
  return parseDraft(draft).errors;
}

/** Names must be unique in the clinic: caught here for the rows on screen, by the backend (409) for the rest. */
export function duplicateNameError(draft: ServiceDraft, others: ServiceDraft[]): string | undefined {
  const name = draft.name.trim().toLowerCase();
  if (!name) return undefined;
  return others.some((other) => other.key !== draft.key && other.name.trim().toLowerCase() === name) ? 'Another service already has this name.' : undefined;
}

/** The POST body of a new row; undefined when it does not validate. */
export function buildServiceCreate(draft: ServiceDraft): ServiceCreate | undefined {
  return parseDraft(draft).parsed;
}

/** Only the fields that changed (isActive excluded: retiring is its own action); undefined when invalid. */
export function buildServicePatch(original: ServiceDraft, draft: ServiceDraft): ServicePatch | undefined {
  const next = parseDraft(draft).parsed;
  const before = parseDraft(original).parsed;
  if (!next) return undefined;
  const patch: ServicePatch = {};
  if (next.name !== before?.name) patch.name = next.name;
  if (next.durationMinutes !== before?.durationMinutes) patch.durationMinutes = next.durationMinutes;
  if (next.priceMinor !== before?.priceMinor) patch.priceMinor = next.priceMinor;
  if (next.depositMinor !== before?.depositMinor) patch.depositMinor = next.depositMinor;
  return patch;
}

/** Whether the row differs from what is saved (a new row always does once anything is typed). */
export function isDraftChanged(original: ServiceDraft | undefined, draft: ServiceDraft): boolean {
  if (!original) return true;
  return (['name', 'duration', 'price', 'deposit'] as const).some((field) => original[field].trim() !== draft[field].trim());
}

const DETAIL_FIELDS: Record<string, ServiceField> = {
  name: 'name',
  durationMinutes: 'duration',
  priceMinor: 'price',
  depositMinor: 'deposit',
};

/** The backend's `details: [{path, message}]` on the row's fields; the rest under `row`. */
export function serviceErrorsFromDetails(details: unknown, fallback: string): ServiceErrors {
  const errors: ServiceErrors = {};
  if (Array.isArray(details)) {
    for (const detail of details as { path?: unknown; message?: unknown }[]) {
      if (typeof detail?.path !== 'string' || typeof detail.message !== 'string') continue;
      const field = DETAIL_FIELDS[detail.path.split('.')[0] ?? ''];
      const message = detail.message.charAt(0).toUpperCase() + detail.message.slice(1);
      if (field && !errors[field]) errors[field] = `${message.replace(/\.$/, '')}.`;
    }
  }
  if (Object.keys(errors).length === 0) errors.row = fallback;
  return errors;
}
