import { Router, type RequestHandler } from 'express';
import { parseInput } from '../../platform/http/validate';
import { requireAuth, requireClinicAccess } from '../../platform/http/request-context';
import { requirePermission } from '../auth/auth.middleware';
import { ClinicPatch } from './clinics.schemas';
import type { ClinicsService } from './clinics.service';

/** `/clinics`: the caller's own clinics. */
export function createClinicListRoutes(clinics: ClinicsService, authenticate: RequestHandler): Router {
  const router = Router();
  router.get('/clinics', authenticate, async (req, res) => {
    res.json({ items: await clinics.listClinics(requireAuth(req)) });
  });
  return router;
}

/** `/clinics/:clinicId/…` — mounted behind authenticate and resolveClinicAccess. */
export function createClinicRoutes(clinics: ClinicsService): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    res.json(await clinics.getClinic(requireClinicAccess(req)));
  });

  router.patch('/', requirePermission('manage'), async (req, res) => {
    const patch = parseInput(ClinicPatch, req.body);
    res.json(await clinics.updateClinic(requireClinicAccess(req), requireAuth(req).user.id, patch));
  });

  router.get('/members', requirePermission('manage'), async (req, res) => {
    res.json({ items: await clinics.listMembers(requireClinicAccess(req)) });
  });

  return router;
}
