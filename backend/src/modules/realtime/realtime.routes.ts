import { Router, type RequestHandler } from 'express';
import { requireAuth } from '../../platform/http/request-context';
import type { RealtimeTicketService } from './realtime.tickets';

/** `POST /realtime/ticket` — any signed-in user; the ticket opens one `/ws` connection. */
export function createRealtimeRoutes(deps: { tickets: RealtimeTicketService; authenticate: RequestHandler }): Router {
  const router = Router();
  router.post('/realtime/ticket', deps.authenticate, async (req, res) => {
    const { ticket, expiresAt } = await deps.tickets.issue(requireAuth(req));
    res.json({ ticket, expiresAt: expiresAt.toISOString() });
  });
  return router;
}
