/**
 * How long to wait before reconnect attempt `attempt` (0 = the first retry): exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" — half the delay fixed, half random — so a
 * backend restart is not met by every open tab at the same instant, yet no retry is near-zero.
 */
export type BackoffOptions = { baseMs: number; maxMs: number; random?: () => number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

export function reconnectDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
