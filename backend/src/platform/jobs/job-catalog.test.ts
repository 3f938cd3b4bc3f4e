import { z } from 'zod';
import { computeRetryDelayMs, defineJobCatalog, noJitter, type JobBackoff } from './job-catalog';

const backoff: JobBackoff = { baseDelayMs: 2_000, maxDelayMs: 60_000 };

describe('computeRetryDelayMs', () => {
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [5, 32_000],
    [6, 60_000],
    [50, 60_000],
    [2_000, 60_000],
  ])('without jitter, after attempt %i waits %i ms', (failedAttempt, expectedMs) => {
    expect(computeRetryDelayMs(backoff, failedAttempt, noJitter)).toBe(expectedMs);
  });

  it('with full jitter stays between 0 and the exponential ceiling', () => {
    const delays = Array.from({ length: 200 }, () => computeRetryDelayMs(backoff, 3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('clamps a misbehaving jitter into [0, ceiling]', () => {
    expect(computeRetryDelayMs(backoff, 1, () => -5)).toBe(0);
    expect(computeRetryDelayMs(backoff, 1, () => 1e9)).toBe(2_000);
  });
});

describe('defineJobCatalog', () => {
  const schema = z.object({ id: z.string() });

  it('returns the catalog it was given', () => {
    const definition = { schema, maxAttempts: 3, backoff };
    expect(defineJobCatalog({ 'sms.send': definition })).toEqual({ 'sms.send': definition });
  });

  it.each([
    ['a kind with spaces', { 'sms send': { schema, maxAttempts: 3, backoff } }, /must look like/],
    ['zero attempts', { 'sms.send': { schema, maxAttempts: 0, backoff } }, /maxAttempts/],
    ['fractional attempts', { 'sms.send': { schema, maxAttempts: 1.5, backoff } }, /maxAttempts/],
    ['a zero base delay', { 'sms.send': { schema, maxAttempts: 3, backoff: { baseDelayMs: 0, maxDelayMs: 10 } } }, /backoff/],
    ['max below base', { 'sms.send': { schema, maxAttempts: 3, backoff: { baseDelayMs: 10, maxDelayMs: 5 } } }, /backoff/],
  ])('rejects %s', (_label, catalog, message) => {
    expect(() => defineJobCatalog(catalog)).toThrow(message);
  });
});
