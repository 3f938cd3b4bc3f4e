import type { NextFunction, Request, Response } from 'express';
import { AppError, errorBody } from '../errors';
import type { ErrorReporter } from '../error-reporter';

type BodyParserError = Error & { type?: string; status?: number };

/** Errors from body parsing arrive as plain errors with a `type`; give them our codes. */
function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('INVALID_INPUT', 'Request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
    default:
      return undefined;
  }
}

export function errorHandler(reporter: ErrorReporter) {
  // Express recognises error middleware by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = error instanceof AppError ? error : fromBodyParser(error as BodyParserError);
    const log = req.log;
    if (known) {
      log.warn('request failed', { code: known.code, status: known.status, path: req.path });
      if (!res.headersSent) res.status(known.status).json(errorBody(known.code, known.message, known.details));
      return;
    }
    log.error('unexpected error', { error, path: req.path });
    reporter.capture(error, { requestId: req.requestId, path: req.path });
    if (!res.headersSent) {
      res.status(500).json(errorBody('INTERNAL', 'Something went wrong; the error was logged with this request id', {
        requestId: req.requestId,
      }));
    } else {
      res.end();
    }
  };
}

export function notFoundHandler(req: Request, res: Response): void {
  res.status(404).json(errorBody('NOT_FOUND', `No route for ${req.method} ${req.path}`));
}
