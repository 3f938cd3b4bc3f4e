import { Router, type Request } from 'express';
import { notFound } from '../../platform/errors';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { EscalationListQuery, EscalationPatch } from './escalations.schemas';
import type { EscalationsService } from './escalations.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function escalationIdOf(req: Request): string {
  const id: unknown = req.params.escalationId;
  if (typeof id !== 'string' || !UUID.test(id)) throw notFound('Escalation');
  return id.toLowerCase();
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
