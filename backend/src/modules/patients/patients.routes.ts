import { Router } from 'express';
import { requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import { PatientListQuery } from './patients.schemas';
import type { PatientsService } from './patients.service';

/** `/clinics/:clinicId/patients` — behind authenticate and resolveClinicAccess. */
export function createPatientRoutes(patients: PatientsService): Router {
  const router = Router({ mergeParams: true });

  router.get('/patients', requirePermission('read'), async (req, res) => {
    const query = parseInput(PatientListQuery, req.query);
    res.json({ items: await patients.listPatients(requireClinicAccess(req).clinicId, query) });
  });

  return router;
}
