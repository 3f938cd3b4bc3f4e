import type { Clock } from '../../src/platform/jobs/job-types';

/**
 * Helpers for tests of the queue and of modules that own job handlers: a clock that only moves
 * when told (so retries and leases need no sleeping) and a bounded wait on a condition.
 */
export type ManualClock = Clock & { advanceMs(ms: number): Date; set(date: Date): void };

export function createManualClock(start: Date = new Date('2030-01-01T09:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advanceMs(ms) {
      current += ms;
      return new Date(current);
    },
    set(date) {
      current = date.getTime();
    },
  };
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; description?: string } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 5;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description ?? 'a condition'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A promise with its resolver outside, to hold a handler until the test lets it finish. */
export function createGate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
