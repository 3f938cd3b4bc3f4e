import type { z } from 'zod';

export type JobBackoff = {
  /** Ceiling of the delay before the second attempt; doubles with every further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
};

/**
 * One kind of job. Payloads are stored as the schema's output serialised to JSON and parsed
 * again before the handler runs, so a schema's output must be valid input to itself (plain
 * JSON shapes: no transforms to Date, Map or class instances).
 */
export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  schema: Schema;
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  backoff: JobBackoff;
};

export type JobCatalog = Record<string, JobDefinition>;

export type JobKind<Catalog extends JobCatalog> = keyof Catalog & string;

/** What a caller passes to `enqueue` (before defaults and coercions of the schema). */
export type JobPayloadInput<Catalog extends JobCatalog, Kind extends JobKind<Catalog>> = z.input<
  Catalog[Kind]['schema']
>;

/** What a handler receives. */
export type JobPayload<Catalog extends JobCatalog, Kind extends JobKind<Catalog>> = z.output<
  Catalog[Kind]['schema']
>;

// Kinds become metric labels and log fields: keep them short and boring.
const JOB_KIND_PATTERN = /^[a-z][a-zA-Z0-9_.-]{0,99}$/;

/**
 * Declares the job kinds of a module. Checked once at startup so a typo in a limit fails the
 * boot rather than the thousandth retry.
 */
export function defineJobCatalog<const Catalog extends JobCatalog>(catalog: Catalog): Catalog {
  for (const [kind, definition] of Object.entries(catalog)) {
    if (!JOB_KIND_PATTERN.test(kind)) {
      throw new Error(`job kind "${kind}" must look like "module.action" (letters, digits, . _ -)`);
    }
    const { maxAttempts, backoff } = definition;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new Error(`job kind "${kind}": maxAttempts must be a positive integer`);
    }
    if (!(backoff.baseDelayMs > 0) || !(backoff.maxDelayMs >= backoff.baseDelayMs)) {
      throw new Error(`job kind "${kind}": backoff needs 0 < baseDelayMs <= maxDelayMs`);
    }
  }
  return catalog;
}

/** Picks the actual delay below a ceiling; full jitter spreads retries of a burst of failures. */
export type Jitter = (ceilingMs: number) => number;

export const fullJitter: Jitter = (ceilingMs) => Math.floor(Math.random() * (ceilingMs + 1));

/** For tests and for anyone who wants deterministic retry times. */
export const noJitter: Jitter = (ceilingMs) => ceilingMs;

/**
 * Delay before the next attempt after attempt number `failedAttempt` (1-based) failed:
 * jitter(min(maxDelayMs, baseDelayMs * 2^(failedAttempt - 1))).
 */
export function computeRetryDelayMs(backoff: JobBackoff, failedAttempt: number, jitter: Jitter = fullJitter): number {
  const exponent = Math.max(0, failedAttempt - 1);
  // 2^exponent overflows to Infinity long after it passed any sane maxDelayMs; min() absorbs that.
  const ceilingMs = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** exponent);
  const delayMs = Math.round(jitter(ceilingMs));
  return Math.min(Math.max(delayMs, 0), ceilingMs);
}
