import { Router } from 'express';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { AgentSettingsPatch } from './agent.schemas';
import type { AgentService } from './agent.service';

/** `/clinics/:clinicId/agent` — behind authenticate and resolveClinicAccess. */
export function createAgentRoutes(agent: AgentService): Router {
  const router = Router({ mergeParams: true });

  router.get('/agent', requirePermission('read'), async (req, res) => {
    res.json(await agent.getAgent(requireClinicAccess(req).clinicId));
  });

  router.patch('/agent', requirePermission('manage'), async (req, res) => {
    const patch = parseInput(AgentSettingsPatch, req.body);
    res.json(await agent.updateAgent(requireClinicAccess(req).clinicId, requireAuth(req).user.id, patch));
  });

  return router;
}
