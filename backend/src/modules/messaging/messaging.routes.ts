import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import type { PatientsService } from '../patients/patients.service';
import { MessageListQuery, StaffMessageInput } from './messaging.schemas';
import type { MessagingService } from './messaging.service';

// An Idempotency-Key lets the dashboard retry a send after a network error without a second text.
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** `/clinics/:clinicId/messages` (contract §5): SMS threads, and texts sent by staff. */
export function createMessagingRoutes(deps: { messaging: MessagingService; patients: PatientsService }): Router {
  const router = Router({ mergeParams: true });

  router.get('/messages', requirePermission('read'), async (req, res) => {
    const { clinicId } = requireClinicAccess(req);
    const query = parseInput(MessageListQuery, req.query);
    const phone = query.phone === undefined ? undefined : await deps.patients.toE164(clinicId, query.phone);
    res.json(await deps.messaging.listMessages(clinicId, { limit: query.limit, ...(phone ? { phone } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) }));
  });

  router.post('/messages', requirePermission('operate'), async (req, res) => {
    const { clinicId } = requireClinicAccess(req);
    const input = parseInput(StaffMessageInput, req.body);
    const header = req.header('idempotency-key');
    const idempotencyKey = header && IDEMPOTENCY_KEY.test(header) ? header : randomUUID();
    const to = await deps.patients.toE164(clinicId, input.to);
    res.status(201).json(await deps.messaging.sendFromStaff(clinicId, { to, body: input.body, idempotencyKey }));
  });

  return router;
}
