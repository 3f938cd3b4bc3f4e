import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from './config';
import type { Db } from './platform/db';
import type { ErrorReporter } from './platform/error-reporter';
import { errorHandler, notFoundHandler } from './platform/http/error-handler';
import { httpMetrics, routeGroup } from './platform/http/http-metrics';
import { createOperationsRoutes, type ReadinessCheck } from './platform/http/operations.routes';
import { createLoginRateLimit, type RateLimitStoreFactory } from './platform/http/rate-limit';
import { requestContext } from './platform/http/request-context';
import type { Logger } from './platform/logger';
import { registerDbPoolGauge, type Metrics } from './platform/metrics';
import { createAgentRoutes } from './modules/agent/agent.routes';
import { authenticate, resolveClinicAccess } from './modules/auth/auth.middleware';
import { createAuthRoutes } from './modules/auth/auth.routes';
import { createCallsQuery } from './modules/calls/calls.query';
import { createCallRoutes } from './modules/calls/calls.routes';
import { createClinicListRoutes, createClinicRoutes } from './modules/clinics/clinics.routes';
import { createEscalationRoutes } from './modules/escalations/escalations.routes';
import { createConversationRoutes } from './modules/conversation/conversation.routes';
import { createKnowledgeRoutes } from './modules/knowledge/knowledge.routes';
import { createMessagingRoutes } from './modules/messaging/messaging.routes';
import { createPatientRoutes } from './modules/patients/patients.routes';
import { createRealtimeRoutes } from './modules/realtime/realtime.routes';
import type { RealtimeTicketService } from './modules/realtime/realtime.tickets';
import { createSchedulingRoutes } from './modules/scheduling/scheduling.routes';
import { createTwilioSmsRoutes } from './modules/twilio/twilio-sms.routes';
import { createTwilioVoiceRoutes } from './modules/twilio/twilio-voice.routes';
import { createStatsRoutes } from './modules/stats/stats.routes';
import { createVapiRoutes } from './modules/vapi/vapi.routes';
import { systemClock } from './platform/jobs/job-types';
import type { Services } from './services';

export type AppDeps = {
  config: Pick<Config, 'corsOrigins' | 'trustProxyHops' | 'metricsToken' | 'publicBaseUrl'> & {
    vapi: Pick<Config['vapi'], 'webhookSecret'>;
    twilio: Pick<Config['twilio'], 'authToken'>;
  };
  db: Db;
  logger: Logger;
  metrics: Metrics;
  reporter: ErrorReporter;
  services: Services;
  readinessChecks: ReadinessCheck[];
  /** Mints the tickets that open `/ws`; the realtime hub redeems them (shared cache across instances). */
  realtimeTickets: RealtimeTicketService;
  createRateLimitStore?: RateLimitStoreFactory;
  isShuttingDown?: () => boolean;
};

// Knowledge documents are the largest JSON bodies: up to 500,000 characters of text.
const JSON_BODY_LIMIT = '2mb';

/** The HTTP application: every route and middleware, built only from what it is given. */
export function createApp(deps: AppDeps): Express {
  registerDbPoolGauge(deps.metrics, deps.db.pool);
  const app = express();
  app.disable('x-powered-by');
  // Nobody revalidates our answers: the API's are `Cache-Control: no-store`, and webhooks, health
  // and metrics are read by machines that never send If-None-Match. Hashing each body for an ETag
  // was work for nothing (measured on the webhook path under load).
  app.disable('etag');
  app.set('trust proxy', deps.config.trustProxyHops);

  app.use(requestContext(deps.logger));
  const isShuttingDown = deps.isShuttingDown ?? (() => false);
  app.use((_req, res, next) => {
    // Draining: tell keep-alive clients to reconnect elsewhere after this response.
    if (isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(httpMetrics(deps.metrics));

  // Provider webhooks read their raw bytes (signatures), so no JSON parser runs before them.
  // They are server-to-server: no browser reads them, so they skip the browser headers (helmet,
  // CORS), which are measurable on the hottest path (every transcript word of every call).
  app.use(
    '/webhooks/vapi',
    createVapiRoutes({ vapi: deps.services.vapi, secret: deps.config.vapi.webhookSecret, clock: systemClock, metrics: deps.metrics }),
  );

  const twilioAuth = { authToken: deps.config.twilio.authToken, publicBaseUrl: deps.config.publicBaseUrl, metrics: deps.metrics };
  app.use('/webhooks/twilio', createTwilioSmsRoutes({ auth: twilioAuth, messaging: deps.services.messaging, smsInbound: deps.services.smsInbound }));
  app.use('/webhooks/twilio', createTwilioVoiceRoutes({ auth: twilioAuth, voice: deps.services.twilioVoice }));

  app.use(helmet());
  app.use(
    cors({
      origin: deps.config.corsOrigins,
      credentials: true,
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
      exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy'],
    }),
  );

  app.use(
    createOperationsRoutes({
      metrics: deps.metrics,
      readinessChecks: deps.readinessChecks,
      metricsToken: deps.config.metricsToken,
      isShuttingDown,
    }),
  );


  const { auth, clinics, knowledge, escalations } = deps.services;
  const requireUser: RequestHandler = authenticate(auth);
  const clinicScoped = express.Router({ mergeParams: true });
  clinicScoped.use(createClinicRoutes(clinics));
  clinicScoped.use(createKnowledgeRoutes(knowledge));
  clinicScoped.use(createEscalationRoutes(escalations));
  clinicScoped.use(createPatientRoutes(deps.services.patients));
  clinicScoped.use(createSchedulingRoutes({ scheduling: deps.services.scheduling, patients: deps.services.patients }));
  clinicScoped.use(createConversationRoutes(deps.services.conversation));
  clinicScoped.use(createAgentRoutes(deps.services.agent));
  clinicScoped.use(createCallRoutes(createCallsQuery(deps.db)));
  clinicScoped.use(createStatsRoutes(deps.services.stats));
  clinicScoped.use(createMessagingRoutes({ messaging: deps.services.messaging, patients: deps.services.patients }));

  const api = express.Router();
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(createAuthRoutes({ auth, authenticate: requireUser, loginRateLimit: chain(createLoginRateLimit(deps.createRateLimitStore)) }));
  api.use(createClinicListRoutes(clinics, requireUser));
  api.use(createRealtimeRoutes({ tickets: deps.realtimeTickets, authenticate: requireUser }));
  api.use('/clinics/:clinicId', routeGroup('/api/v1/clinics/:id/*'), requireUser, resolveClinicAccess, clinicScoped);
  app.use('/api/v1', api);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.reporter));
  return app;
}

function chain(handlers: RequestHandler[]): RequestHandler {
  const router = express.Router();
  router.use(...handlers);
  return router;
}
