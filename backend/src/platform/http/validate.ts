import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses untrusted input with a schema; failures become one INVALID_INPUT with every issue. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const first = details[0];
  const message = first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input';
  throw new AppError('INVALID_INPUT', message, { details });
}
