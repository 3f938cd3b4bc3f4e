import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../metrics';

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z]{2}[0-9a-f]{32})$/i;

/**
 * The metrics label of a request: its path with ids replaced, or `unmatched` when no route
 * matched (scanners must not be able to create unbounded label values).
 */
export function routeLabel(req: Request, res: Response): string {
  if (!req.route) {
    // Rejected by a router's middleware (401/404 before any route ran): label the group.
    const group: unknown = res.locals.routeGroup;
    return typeof group === 'string' ? group : 'unmatched';
  }
  const path = req.originalUrl.split('?')[0] ?? '';
  return path
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
}

/** Names the routes mounted below it for metrics, for requests that never reach a route. */
export function routeGroup(label: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.locals.routeGroup = label;
    next();
  };
}

/** Counts and times every request, and logs one line for it. */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeLabel(req, res), status: String(res.statusCode) };
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      // winston builds the entry before filtering it: skip that when the level is off.
      if (req.log.isInfoEnabled()) req.log.info('request', { ...labels, durationMs: Math.round(seconds * 1000) });
    });
    next();
  };
}
