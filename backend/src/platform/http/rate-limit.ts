import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { errorBody } from '../errors';

/** Builds a store for one limiter (each limiter needs its own); in-memory when absent. */
export type RateLimitStoreFactory = (prefix: string) => Store;

type LimiterOptions = {
  name: string;
  windowMs: number;
  limit: number;
  key: (req: Request) => string;
  createStore?: RateLimitStoreFactory;
  /** Count only failed requests (status >= 400), e.g. failed logins. */
  isFailureOnly?: boolean;
};

export function createRateLimiter(options: LimiterOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key,
    skipSuccessfulRequests: options.isFailureOnly ?? false,
    // If the shared store (Redis) is unreachable, let requests through rather than lock every
    // user out; the outage shows in /ready and the logs.
    passOnStoreError: true,
    ...(options.createStore ? { store: options.createStore(`voxanne:rl:${options.name}:`) } : {}),
    handler: (req, res) => {
      req.log.warn('rate limited', { limiter: options.name });
      res.status(429).json(errorBody('RATE_LIMITED', 'Too many attempts; try again later'));
    },
  });
}

function clientIp(req: Request): string {
  // IPv6 clients are keyed by their /56 so one host cannot rotate through addresses.
  return ipKeyGenerator(req.ip ?? 'unknown', 56);
}

/**
 * Login throttling on two keys: per client address (password spraying from one host) and
 * per account (one account attacked from many hosts). Only failed attempts count, so a clinic
 * whose staff share one address can always sign in with the right password.
 */
export function createLoginRateLimit(createStore?: RateLimitStoreFactory): RequestHandler[] {
  return [
    createRateLimiter({ name: 'login-ip', windowMs: 15 * 60_000, limit: 20, key: clientIp, createStore, isFailureOnly: true }),
    createRateLimiter({
      name: 'login-account',
      windowMs: 15 * 60_000,
      limit: 10,
      key: (req) => {
        const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
        return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : `ip:${clientIp(req)}`;
      },
      createStore,
      isFailureOnly: true,
    }),
  ];
}
