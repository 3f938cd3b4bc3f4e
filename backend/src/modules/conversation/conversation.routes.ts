import { Router } from 'express';
import { requireClinicAccess } from '../../platform/http/request-context';
import { parseInput } from '../../platform/http/validate';
import { requirePermission } from '../auth/auth.middleware';
import type { ConversationEngine } from './conversation.engine';
import { PreviewRequest, type PreviewResponse } from './conversation.schemas';

/** `/clinics/:clinicId/assistant/preview`: the engine exactly as a live turn, without side effects. */
export function createConversationRoutes(engine: ConversationEngine): Router {
  const router = Router({ mergeParams: true });
  router.post('/assistant/preview', requirePermission('read'), async (req, res) => {
    const body = parseInput(PreviewRequest, req.body);
    const output = await engine.respond({
      clinicId: requireClinicAccess(req).clinicId,
      channel: body.channel,
      text: body.text,
      history: body.history.map((turn) => ({ role: turn.role === 'assistant' ? 'assistant' : 'patient', text: turn.text })),
      isDryRun: true,
    });
    const response: PreviewResponse = output;
    res.json(response);
  });
  return router;
}
