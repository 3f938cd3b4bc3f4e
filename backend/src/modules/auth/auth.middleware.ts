import { isUuid } from '../../platform/http/route-params';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../platform/errors';
import type { Role } from '../../platform/http/request-context';
import type { AuthService } from './auth.service';

/**
 * What a role may do inside a clinic. Staff read and operate the front desk (calls, messages,
 * escalations, appointments); owners and platform admins also manage the clinic (agent,
 * knowledge base, settings, members).
 */
export type Permission = 'read' | 'operate' | 'manage';

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(['read', 'operate', 'manage']),
  admin: new Set(['read', 'operate', 'manage']),
  staff: new Set(['read', 'operate']),
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].has(permission);
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function authenticate(auth: AuthService) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req);
    if (!token) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
    const context = await auth.authenticate(token);
    if (!context) throw new AppError('UNAUTHORIZED', 'Invalid or expired token');
    req.auth = context;
    req.log = req.log.child({ userId: context.user.id });
    next();
  };
}

/**
 * The caller's membership of `clinicId` (platform admins hold one for every clinic), or undefined
 * for a malformed id or a clinic they may not see. Shared by HTTP routes and the realtime hub.
 */
export function findClinicMembership<Membership extends { clinicId: string }>(
  memberships: readonly Membership[],
  clinicId: string | undefined,
): Membership | undefined {
  if (!isUuid(clinicId)) return undefined;
  const wanted = clinicId.toLowerCase();
  return memberships.find((candidate) => candidate.clinicId === wanted);
}

/**
 * Resolves `:clinicId` against the caller's memberships. A clinic the caller cannot see is
 * indistinguishable from one that does not exist: both answer 404.
 */
export function resolveClinicAccess(req: Request, _res: Response, next: NextFunction): void {
  const raw: unknown = req.params.clinicId;
  const clinicId = typeof raw === 'string' ? raw : undefined;
  const auth = req.auth;
  if (!auth) throw new Error('resolveClinicAccess needs authenticate first');
  const membership = findClinicMembership(auth.memberships, clinicId);
  if (!membership) throw new AppError('NOT_FOUND', 'Clinic not found');
  req.clinicAccess = { clinicId: membership.clinicId, role: membership.role };
  req.log = req.log.child({ clinicId: membership.clinicId });
  next();
}

export function requirePermission(permission: Permission) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const access = req.clinicAccess;
    if (!access) throw new Error('requirePermission needs resolveClinicAccess first');
    if (!roleAllows(access.role, permission)) {
      throw new AppError('FORBIDDEN', `Your role (${access.role}) cannot do this`);
    }
    next();
  };
}
