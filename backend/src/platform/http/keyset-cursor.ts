import { AppError } from '../errors';
import { isUuid } from './route-params';

/**
 * The opaque cursor of newest-first lists keyed on (created_at, id). It carries created_at at
 * microsecond precision (as Postgres formats it): a JS Date would round it to milliseconds and
 * skip or repeat rows created within the same millisecond.
 */
export type PageKey = { createdAtKey: string; id: string };

const CURSOR_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(key: PageKey): string {
  return Buffer.from(`${key.createdAtKey}|${key.id}`, 'utf8').toString('base64url');
}

/** The key of a cursor from a previous page; anything else is INVALID_INPUT. */
export function decodeCursor(cursor: string): PageKey {
  const [createdAtKey, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !createdAtKey || !id || !CURSOR_KEY.test(createdAtKey) || !isUuid(id)) {
    throw new AppError('INVALID_INPUT', 'Invalid cursor', { details: [{ path: 'cursor', message: 'is not a cursor from a previous page' }] });
  }
  return { createdAtKey, id };
}
