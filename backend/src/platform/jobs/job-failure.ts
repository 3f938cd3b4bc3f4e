import { maskPhoneNumbers } from '../logger';

const MAX_ERROR_LENGTH = 1_000;

/** Thrown by a handler when retrying cannot help (bad data, revoked consent): the job dies at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PermanentJobError';
  }
}

/**
 * Thrown by a handler whose work may not happen yet (an automated text during quiet hours): the
 * job goes back to the queue for `until` without using up an attempt.
 */
export class DeferJobError extends Error {
  readonly until: Date;
  constructor(until: Date, reason: string) {
    super(reason);
    this.name = 'DeferJobError';
    this.until = until;
  }
}

/**
 * The `last_error` of a failed attempt: name and message only, phone numbers masked, bounded.
 * Stacks and causes may carry secrets or patient data into a table support staff can read.
 */
export function describeJobFailure(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : 'non-Error value thrown';
  return maskPhoneNumbers(text).slice(0, MAX_ERROR_LENGTH);
}
