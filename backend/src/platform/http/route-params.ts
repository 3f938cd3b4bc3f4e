import type { Request } from 'express';
import { notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The `:name` route parameter as a UUID. Anything else answers the same 404 as a row that does
 * not exist (or belongs to another clinic), so malformed ids reveal nothing and reach no query.
 */
export function uuidParam(req: Request, name: string, what: string): string {
  const value: unknown = req.params[name];
  if (!isUuid(value)) throw notFound(what);
  return value;
}
