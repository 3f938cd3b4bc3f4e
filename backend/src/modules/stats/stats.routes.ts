import { Router } from 'express';
import { requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { StatsQuery } from './stats.schemas';
import type { StatsService } from './stats.service';

/** `/clinics/:clinicId/stats?range=7d|30d`: the dashboard overview. */
export function createStatsRoutes(stats: StatsService): Router {
  const router = Router({ mergeParams: true });
  router.get('/stats', requirePermission('read'), async (req, res) => {
    const { range } = parseInput(StatsQuery, req.query);
    res.json(await stats.getStats(requireClinicAccess(req).clinicId, range));
  });
  return router;
}
