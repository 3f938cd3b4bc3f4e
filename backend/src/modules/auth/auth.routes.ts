import { Router, type RequestHandler } from 'express';
import { parseInput } from '../../platform/http/validate';
import { requireAuth } from '../../platform/http/request-context';
import { LoginRequest, type MeResponse } from './auth.schemas';
import type { AuthService } from './auth.service';

export function createAuthRoutes(deps: {
  auth: AuthService;
  authenticate: RequestHandler;
  loginRateLimit: RequestHandler;
}): Router {
  const router = Router();

  router.post('/auth/login', deps.loginRateLimit, async (req, res) => {
    const credentials = parseInput(LoginRequest, req.body);
    const session = await deps.auth.login(credentials);
    req.log.info('login succeeded', { userId: session.user.id });
    res.setHeader('Cache-Control', 'no-store');
    res.json(session);
  });

  router.get('/me', deps.authenticate, (req, res) => {
    const { user, memberships } = requireAuth(req);
    const body: MeResponse = { user: { id: user.id, email: user.email, name: user.name }, memberships };
    res.json(body);
  });

  return router;
}
