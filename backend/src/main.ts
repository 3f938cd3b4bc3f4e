import http from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { loadOrCreateDevJwtSecret } from './platform/auth/jwt-secret';
import { createTokenService } from './platform/auth/tokens';
import { openDatabase } from './platform/database';
import { createSentryReporter, noopErrorReporter } from './platform/error-reporter';
import { createRedisRateLimitStores } from './platform/http/redis-rate-limit-store';
import { createInProcessClinicEventStream } from './platform/events/clinic-event-stream';
import { createEventPublisher } from './platform/events/domain-events';
import { createRedisClinicEventStream } from './platform/events/redis-clinic-event-stream';
import { createBusAndCache } from './platform/infrastructure';
import { createLogger, type Logger } from './platform/logger';
import { registerJobStatusGauge } from './platform/jobs/job-metrics';
import { systemClock } from './platform/jobs/job-types';
import { createJobWorker } from './platform/jobs/job-worker';
import { createMetrics } from './platform/metrics';
import { createEmbedder } from './modules/knowledge/embedders/create-embedder';
import { createOpenAiResponder } from './modules/conversation/openai-responder';
import { createVapiAssistantSync } from './modules/vapi/vapi-sync';
import { createRealtimeHub } from './modules/realtime/realtime-hub';
import { createRealtimeTicketService } from './modules/realtime/realtime.tickets';
import { scheduleNextPurge } from './modules/maintenance/maintenance.jobs';
import { createTwilioSmsSender } from './modules/messaging/twilio-sms-sender';
import { scheduleNextReconcile } from './modules/messaging/sms-reconcile';
import { createServices } from './services';
import { migrate } from './platform/migrate';
import { createGracefulShutdown } from './platform/shutdown';
import { DEMO_CLINICS } from './seed/demo-clinics';
import { seedDemoActivity } from './seed/demo-activity';
import { isDatabaseEmpty, seedDemoData } from './seed/seed';

/** Composition root: config → adapters → app → listen. The only place that wires real parts. */
async function main(config: Config, logger: Logger): Promise<void> {
  const reporter = config.sentryDsn
    ? createSentryReporter({ dsn: config.sentryDsn, environment: config.env })
    : noopErrorReporter;
  if (config.isProduction && config.isPublicBaseUrlDefault) {
    logger.warn('PUBLIC_BASE_URL is not set: provider webhook signatures will not verify');
  }

  const database = await openDatabase(config, logger);
  const { db } = database;
  await migrate(db, logger);
  let seeded = false;
  if (!config.isProduction && (await isDatabaseEmpty(db))) {
    await seedDemoData(db, logger, { isProduction: config.isProduction });
    await seedDemoActivity(db, logger);
    seeded = true;
  }

  const { bus, cache, redisPing } = await createBusAndCache({ redisUrl: config.redisUrl, logger });
  // Domain events get their per-clinic ids and replay window here; with Redis, across instances.
  const redisEventStream = config.redisUrl ? await createRedisClinicEventStream({ url: config.redisUrl, logger }) : undefined;
  const eventStream = redisEventStream ?? createInProcessClinicEventStream({ bus });
  const rateLimit = config.redisUrl
    ? await createRedisRateLimitStores({ url: config.redisUrl, logger })
    : undefined;

  const jwtSecret = config.auth.jwtSecret ?? loadOrCreateDevJwtSecret(config.database.dataDir);
  const { supabase } = config.auth;
  const tokens = createTokenService({
    secret: jwtSecret,
    ...(supabase.jwtSecret ? { supabase: { jwtSecret: supabase.jwtSecret, url: supabase.url } } : {}),
  });

  const metrics = createMetrics();
  const clock = systemClock;
  const embedder = createEmbedder(config, logger);
  const events = createEventPublisher({ stream: eventStream, clock, logger });
  const realtimeTickets = createRealtimeTicketService({ cache, now: () => clock.now() });
  const responder =
    config.llmProvider === 'openai' && config.openai.apiKey
      ? createOpenAiResponder({ apiKey: config.openai.apiKey, ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}), logger })
      : undefined;
  const assistantSync = config.vapi.apiKey
    ? createVapiAssistantSync({ apiKey: config.vapi.apiKey, ...(config.vapi.baseUrl ? { baseUrl: config.vapi.baseUrl } : {}) })
    : undefined;
  const smsSender = config.twilio.accountSid
    ? createTwilioSmsSender({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl })
    : undefined;
  if (!smsSender) logger.info('TWILIO_ACCOUNT_SID not set: outbound SMS go to the local outbox (the messages table, shown on the dashboard)');
  if (!assistantSync) logger.info('VAPI_API_KEY not set: assistant sync to Vapi is skipped (calls are still answered through assistant-request)');
  const services = createServices({
    db,
    tokens,
    embedder,
    clock,
    logger,
    events,
    ...(responder ? { responder } : {}),
    vapi: { publicBaseUrl: config.publicBaseUrl, webhookSecret: config.vapi.webhookSecret },
    ...(assistantSync ? { assistantSync } : {}),
    ...(smsSender ? { smsSender } : {}),
    bus,
    cache,
  });
  const { jobQueue } = services;
  registerJobStatusGauge({ registry: metrics.registry, queue: jobQueue, logger });
  // JOB_WORKERS=0 runs an API-only instance; another instance (or process) works the queue.
  const jobWorker =
    config.jobWorkers > 0
      ? createJobWorker({
          queue: jobQueue,
          handlers: services.jobHandlers,
          concurrency: config.jobWorkers,
          pollIntervalMs: 1_000,
          leaseMs: 30_000,
          logger,
          metrics,
        })
      : undefined;
  await scheduleNextPurge(jobQueue, clock);
  await scheduleNextReconcile(jobQueue, clock);
  const queuedDocuments = await services.knowledge.enqueuePendingIngestion();
  if (queuedDocuments > 0) logger.info('knowledge documents queued for ingestion', { documents: queuedDocuments, model: embedder.model });
  const readinessChecks = [{ name: 'database', check: () => db.ping() }];
  if (redisPing) readinessChecks.push({ name: 'redis', check: redisPing });
  if (redisEventStream) readinessChecks.push({ name: 'redis event stream', check: () => redisEventStream.ping() });

  let isShuttingDown = () => false;
  const app = createApp({
    config,
    db,
    logger,
    metrics,
    reporter,
    services,
    readinessChecks,
    realtimeTickets,
    createRateLimitStore: rateLimit?.createStore,
    isShuttingDown: () => isShuttingDown(),
  });
  const server = http.createServer(app);
  // Render's load balancer keeps connections open for 60 s+; outlive it to avoid resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const realtimeHub = createRealtimeHub({ stream: eventStream, tickets: realtimeTickets, allowedOrigins: config.corsOrigins, metrics, logger });
  realtimeHub.attach(server);

  const shutdown = createGracefulShutdown({
    server,
    logger,
    // Upgraded sockets would hold the HTTP drain open: close them (1001) as shutdown starts.
    onStart: [{ name: 'websockets', run: () => realtimeHub.close() }],
    steps: [
      {
        name: 'job worker',
        run: async () => {
          const result = await jobWorker?.stop({ drainTimeoutMs: 3_000 });
          if (result && !result.isDrained) logger.warn('jobs still running at shutdown; their leases will expire and they will be retried');
        },
      },
      { name: 'event stream', run: () => eventStream.close() },
      { name: 'clinic config cache', run: () => services.clinicConfig.close() },
      { name: 'bus', run: () => bus.close() },
      { name: 'cache', run: () => cache.close() },
      { name: 'rate-limit store', run: async () => rateLimit?.close() },
      { name: 'database', run: () => database.close() },
      { name: 'error reporter', run: () => reporter.flush(1_000) },
    ],
  });
  isShuttingDown = shutdown.isShuttingDown;
  // `on`, not `once`: Ctrl-C reaches us both from the terminal and forwarded by `npm start`,
  // and a second signal without a listener would kill the process mid-shutdown.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      void shutdown.shutdown(signal).then((isClean) => {
        logger.info('shutdown complete', { isClean });
        process.exit(isClean ? 0 : 1);
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  jobWorker?.start();
  logger.info('backend listening', { port: config.port, seeded, jobWorkers: config.jobWorkers });
  if (!config.isProduction) printDevBanner(config);
}

function printDevBanner(config: Config): void {
  const logins = DEMO_CLINICS.flatMap((clinic) =>
    clinic.users.map((user) => `    ${clinic.name.padEnd(26)} ${user.role.padEnd(6)} ${user.email} / ${user.password}`),
  );
  process.stdout.write(
    [
      '',
      `  Voxanne backend  ${config.publicBaseUrl}   (health: ${config.publicBaseUrl}/health)`,
      `  Database         ${config.database.url ? 'DATABASE_URL' : `embedded PGlite in ${config.database.dataDir}`}`,
      '  Demo logins:',
      ...logins,
      '',
    ].join('\n') + '\n',
  );
}

function bootstrap(): void {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  main(config, logger).catch((error: unknown) => {
    logger.error('backend failed to start', { error });
    process.exit(1);
  });
}

bootstrap();
