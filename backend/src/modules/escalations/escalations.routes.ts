import { uuidParam } from '../../platform/http/route-params';
import { Router, type Request } from 'express';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { EscalationListQuery, EscalationPatch } from './escalations.schemas';
import type { EscalationsService } from './escalations.service';

function escalationIdOf(req: Request): string {
  return uuidParam(req, 'escalationId', 'Escalation').toLowerCase();
}

/** `/clinics/:clinicId/escalations…` — behind authenticate and resolveClinicAccess. */
export function createEscalationRoutes(escalations: EscalationsService): Router {
  const router = Router({ mergeParams: true });

  router.get('/escalations', requirePermission('read'), async (req, res) => {
    const query = parseInput(EscalationListQuery, req.query);
    res.json(await escalations.listEscalations(requireClinicAccess(req).clinicId, query));
  });

  router.get('/escalations/:escalationId', requirePermission('read'), async (req, res) => {
    res.json(await escalations.getEscalation(requireClinicAccess(req).clinicId, escalationIdOf(req)));
  });

  router.patch('/escalations/:escalationId', requirePermission('operate'), async (req, res) => {
    const id = escalationIdOf(req);
    const patch = parseInput(EscalationPatch, req.body);
    res.json(await escalations.updateEscalation(requireClinicAccess(req).clinicId, requireAuth(req).user.id, id, patch));
  });

  return router;
}
