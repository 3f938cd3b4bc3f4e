import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';

export type Role = 'owner' | 'staff' | 'admin';

export type AuthContext = {
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean };
  memberships: { clinicId: string; clinicName: string; role: Role }[];
};

export type ClinicAccess = { clinicId: string; role: Role };

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    log: Logger;
    auth?: AuthContext;
    clinicAccess?: ClinicAccess;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives every request an id (a proxy's X-Request-Id when well-formed) and a child logger. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.requestId });
    res.setHeader('X-Request-Id', req.requestId);
    next();
  };
}

export function requireAuth(req: Request): AuthContext {
  if (!req.auth) throw new Error('route mounted without the authenticate middleware');
  return req.auth;
}

export function requireClinicAccess(req: Request): ClinicAccess {
  if (!req.clinicAccess) throw new Error('route mounted without the clinic access middleware');
  return req.clinicAccess;
}
