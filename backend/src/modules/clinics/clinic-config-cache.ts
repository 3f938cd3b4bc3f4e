import type { EventBus, Unsubscribe } from '../../platform/bus';
import type { Logger } from '../../platform/logger';

/**
 * Per-instance memory of what every call turn reads and owners rarely change: a clinic's
 * profile, services, opening hours and closures. A tool call on a live call read these three or
 * four times, one database round trip each, before its own work; now it reads them from memory.
 *
 * Freshness: writers call `changed(clinicId)` after their commit. This instance forgets at once,
 * and the bus tells the others (every instance, with Redis). Entries also expire after `ttlMs`,
 * which bounds how long a change made outside the API (the seed CLI, SQL by hand) or a lost bus
 * message can go unseen. Values are frozen: a reader cannot change what the next one gets.
 */
export type ClinicConfigCache = {
  /** The cached `part` of the clinic, or `load()`'s result, shared by concurrent readers. */
  read<T>(clinicId: string, part: string, load: () => Promise<T>): Promise<T>;
  /** After a committed change to the clinic's configuration: every instance forgets it. */
  changed(clinicId: string): Promise<void>;
  close(): Promise<void>;
};

export const CLINIC_CONFIG_CHANNEL = 'clinic-config.changed';
const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_CLINICS = 1_000;

type Entry = { value: Promise<unknown>; expiresAt: number };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export function createClinicConfigCache(options: { bus?: EventBus; logger: Logger; ttlMs?: number; maxClinics?: number; now?: () => number }): ClinicConfigCache {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const maxClinics = options.maxClinics ?? DEFAULT_MAX_CLINICS;
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ component: 'clinic-config-cache' });
  const clinics = new Map<string, Map<string, Entry>>();

  const forget = (clinicId: string) => clinics.delete(clinicId);
  const subscription: Promise<Unsubscribe | undefined> = options.bus
    ? options.bus
        .subscribe(CLINIC_CONFIG_CHANNEL, (payload) => {
          const clinicId = (payload as { clinicId?: unknown } | null)?.clinicId;
          if (typeof clinicId === 'string') forget(clinicId);
        })
        .catch((error: unknown) => {
          logger.warn('clinic config changes from other instances will only be seen after the TTL', { error });
          return undefined;
        })
    : Promise.resolve(undefined);

  function partsOf(clinicId: string): Map<string, Entry> {
    let parts = clinics.get(clinicId);
    if (!parts) {
      // The clinic least recently loaded makes room; Map keeps insertion order.
      if (clinics.size >= maxClinics) forget(clinics.keys().next().value as string);
      parts = new Map();
      clinics.set(clinicId, parts);
    }
    return parts;
  }

  return {
    read<T>(clinicId: string, part: string, load: () => Promise<T>): Promise<T> {
      const parts = partsOf(clinicId);
      const cached = parts.get(part);
      if (cached && cached.expiresAt > now()) return cached.value as Promise<T>;
      const value = load().then(deepFreeze);
      const entry: Entry = { value, expiresAt: now() + ttlMs };
      parts.set(part, entry);
      // A failed load is not remembered (unless a change already replaced it).
      value.catch(() => {
        if (clinics.get(clinicId)?.get(part) === entry) clinics.get(clinicId)?.delete(part);
      });
      return value;
    },

    async changed(clinicId) {
      forget(clinicId);
      if (!options.bus) return;
      try {
        await options.bus.publish(CLINIC_CONFIG_CHANNEL, { clinicId });
      } catch (error) {
        logger.warn('clinic config change not announced: other instances see it after the TTL', { clinicId, error });
      }
    },

    async close() {
      clinics.clear();
      await (await subscription)?.();
    },
  };
}
