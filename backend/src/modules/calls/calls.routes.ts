import { Router } from 'express';
import { uuidParam } from '../../platform/http/route-params';
import { requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import type { CallsQuery } from './calls.query';
import { CallListQuery } from './calls.schemas';

/** `/clinics/:clinicId/calls…` — behind authenticate and resolveClinicAccess; read-only. */
export function createCallRoutes(calls: CallsQuery): Router {
  const router = Router({ mergeParams: true });

  router.get('/calls', requirePermission('read'), async (req, res) => {
    const query = parseInput(CallListQuery, req.query);
    res.json(await calls.listCalls(requireClinicAccess(req).clinicId, query));
  });

  router.get('/calls/:callId', requirePermission('read'), async (req, res) => {
    const callId = uuidParam(req, 'callId', 'Call').toLowerCase();
    res.json(await calls.getCall(requireClinicAccess(req).clinicId, callId));
  });

  return router;
}
