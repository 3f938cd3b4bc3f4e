import type { TokenService } from './platform/auth/tokens';
import type { Db } from './platform/db';
import { createInProcessBus, type EventBus } from './platform/bus';
import { createInProcessCache, type Cache } from './platform/cache';
import { createEventPublisher, type EventPublisher } from './platform/events/domain-events';
import { createJobQueue, type JobQueue } from './platform/jobs/job-queue';
import type { Clock } from './platform/jobs/job-types';
import type { JobHandlers } from './platform/jobs/job-worker';
import type { Logger } from './platform/logger';
import { createAgentService } from './modules/agent/agent.service';
import { createAuthRepo } from './modules/auth/auth.repo';
import { createAuthService } from './modules/auth/auth.service';
import { createClinicConfigCache } from './modules/clinics/clinic-config-cache';
import { createClinicsService } from './modules/clinics/clinics.service';
import { createConversationPorts } from './modules/conversation/conversation.adapters';
import { createConversationEngine } from './modules/conversation/conversation.engine';
import type { Responder } from './modules/conversation/openai-responder';
import { createEscalationsService } from './modules/escalations/escalations.service';
import type { Embedder } from './modules/knowledge/embedders/embedder';
import { knowledgeJobs } from './modules/knowledge/knowledge.jobs';
import { createKnowledgeService } from './modules/knowledge/knowledge.service';
import { createMaintenanceJobHandlers, maintenanceJobs } from './modules/maintenance/maintenance.jobs';
import { messagingJobs } from './modules/messaging/messaging.jobs';
import { createMessagingService } from './modules/messaging/messaging.service';
import { createAppointmentNotifier } from './modules/messaging/appointment-notifications';
import { createCallFollowup, scheduleCallFollowup } from './modules/messaging/call-followup';
import { scheduleNextReconcile } from './modules/messaging/sms-reconcile';
import { createSmsInboundService } from './modules/messaging/sms-inbound';
import { smsProfileReader } from './modules/messaging/sms-profile';
import { createLocalOutboxSender, type SmsSender } from './modules/messaging/sms-sender';
import { createPatientsService } from './modules/patients/patients.service';
import { createSchedulingService } from './modules/scheduling/scheduling.service';
import { createStatsService } from './modules/stats/stats.service';
import { createTwilioVoiceService } from './modules/twilio/twilio-voice.service';
import { createVapiService } from './modules/vapi/vapi.service';
import { createVapiToolExecutor } from './modules/vapi/vapi.tools';
import { createVapiAssistantService } from './modules/vapi/vapi-assistant.service';
import { disabledAssistantSync, runVapiSyncJob, vapiJobs, type AssistantSync } from './modules/vapi/vapi-sync';
import { vapiServerFor } from './modules/vapi/vapi.assistant';

/** Every job kind of the backend: one queue, one catalog. */
export const jobCatalog = { ...maintenanceJobs, ...knowledgeJobs, ...messagingJobs, ...vapiJobs };
export type JobCatalog = typeof jobCatalog;

export type ServiceDeps = {
  db: Db;
  tokens: TokenService;
  embedder: Embedder;
  clock: Clock;
  logger: Logger;
  /** Domain events for the realtime hub. Omitted only by CLIs nobody watches: events then reach no one. */
  events?: EventPublisher;
  /** Outbound SMS; the local outbox (messages table only) when omitted. */
  smsSender?: SmsSender;
  /** Answers questions and general replies (LLM_PROVIDER=openai); omitted: the local deterministic answers. */
  responder?: Responder;
  /** Where Vapi and Twilio reach us (PUBLIC_BASE_URL) and the secret Vapi sends back; localhost and no secret when omitted. */
  vapi?: { publicBaseUrl: string; webhookSecret: string };
  /** Pushes assistants to Vapi (VAPI_API_KEY); omitted: sync is skipped and reported as disabled. */
  assistantSync?: AssistantSync;
  /** Tells the other instances that a clinic's configuration changed; omitted: this instance alone. */
  bus?: EventBus;
  /** Shared cache (Redis when configured) for the overview stats; omitted: an in-process cache. */
  cache?: Cache;
};

// Events that change a number of the dashboard overview: each one drops the clinic's cached stats.
const STATS_EVENTS: ReadonlySet<string> = new Set([
  'call.started',
  'call.ended',
  'appointment.created',
  'appointment.updated',
  'escalation.created',
  'escalation.updated',
  'sms.received',
  'sms.sent',
]);

/** The domain services, built once from the adapters and shared by the HTTP app and the job worker. */
export function createServices(deps: ServiceDeps) {
  const jobQueue: JobQueue<JobCatalog> = createJobQueue({ db: deps.db, catalog: jobCatalog, clock: deps.clock, logger: deps.logger });
  const stats = createStatsService({ db: deps.db, cache: deps.cache ?? createInProcessCache(), clock: deps.clock });
  const publisher = deps.events ?? createEventPublisher({ bus: createInProcessBus(), clock: deps.clock, logger: deps.logger });
  const events: EventPublisher = {
    async publish(request) {
      await publisher.publish(request);
      // A call ended on any provider: an unresolved one is followed up once its outcome settled.
      if (request.type === 'call.ended' && request.callId) {
        await scheduleCallFollowup(jobQueue, deps.clock, request.clinicId, request.callId).catch((error: unknown) =>
          deps.logger.error('call-ended follow-up not queued', { error, clinicId: request.clinicId, callId: request.callId }),
        );
      }
      if (!STATS_EVENTS.has(request.type)) return;
      // The change is committed and announced; a cache that is down only delays fresh numbers (TTL).
      await stats.invalidate(request.clinicId).catch((error: unknown) => deps.logger.warn('stats cache not invalidated', { error, clinicId: request.clinicId }));
    },
  };
  const clinicConfig = createClinicConfigCache({ ...(deps.bus ? { bus: deps.bus } : {}), logger: deps.logger });
  const knowledge = createKnowledgeService({ db: deps.db, embedder: deps.embedder, queue: jobQueue, logger: deps.logger });
  const escalations = createEscalationsService({ db: deps.db, events, clock: deps.clock });
  const patients = createPatientsService({ db: deps.db, clock: deps.clock, clinicConfig });
  const vapiPublicBaseUrl = deps.vapi?.publicBaseUrl ?? 'http://localhost:3001';
  const smsProfile = smsProfileReader(deps.db, clinicConfig);
  const messaging = createMessagingService({
    db: deps.db,
    queue: jobQueue,
    sender: deps.smsSender ?? createLocalOutboxSender(),
    events,
    logger: deps.logger,
    clock: deps.clock,
    smsProfile,
    publicBaseUrl: vapiPublicBaseUrl,
    patients,
  });
  const vapiAssistants = createVapiAssistantService({
    db: deps.db,
    publicBaseUrl: vapiPublicBaseUrl,
    webhookSecret: deps.vapi?.webhookSecret ?? '',
    clock: deps.clock,
    clinicConfig,
    patients,
  });
  const assistantSync = deps.assistantSync ?? disabledAssistantSync;
  const agent = createAgentService({ db: deps.db, clock: deps.clock, queue: jobQueue, assistantSync, clinicConfig });
  const scheduling = createSchedulingService({ db: deps.db, clock: deps.clock, logger: deps.logger, events, clinicConfig, assistant: agent });
  const conversationPorts = createConversationPorts({ db: deps.db, knowledge, scheduling, patients, escalations, messaging, clinicConfig });
  const conversation = createConversationEngine(conversationPorts, {
    ...(deps.responder ? { responder: deps.responder } : {}),
    logger: deps.logger,
    clock: deps.clock,
  });
  const smsInbound = createSmsInboundService({
    db: deps.db,
    queue: jobQueue,
    events,
    logger: deps.logger,
    clock: deps.clock,
    messaging,
    engine: conversation,
    patients,
    scheduling,
    smsProfile,
  });
  const appointmentNotifier = createAppointmentNotifier({ queue: jobQueue, messaging, scheduling, smsProfile, clock: deps.clock });
  scheduling.onAppointmentChanged((clinicId, change) => appointmentNotifier.handleChange(clinicId, change));
  const callFollowup = createCallFollowup({ db: deps.db, messaging, smsProfile });
  return {
    jobQueue,
    auth: createAuthService({ repo: createAuthRepo(deps.db), tokens: deps.tokens }),
    clinicConfig,
    stats,
    clinics: createClinicsService({ db: deps.db, clinicConfig }),
    knowledge,
    escalations,
    patients,
    scheduling,
    messaging,
    smsInbound,
    appointmentNotifier,
    callFollowup,
    agent,
    vapiAssistants,
    conversation,
    vapi: createVapiService({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      events,
      ports: conversationPorts,
      tools: createVapiToolExecutor({ engine: conversation, ports: conversationPorts, scheduling, patients, escalations, clock: deps.clock }),
      assistants: vapiAssistants,
    }),
    twilioVoice: createTwilioVoiceService({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      events,
      conversation,
      ports: conversationPorts,
      patients,
      clinicConfig,
    }),
    jobHandlers: {
      ...createMaintenanceJobHandlers({ db: deps.db, queue: jobQueue, clock: deps.clock }),
      'kb.ingest': (payload, context) => knowledge.runIngestJob(payload, context),
      'sms.send': (payload) => messaging.runSendJob(payload),
      'sms.inbound': (payload) => smsInbound.runInboundJob(payload),
      'sms.reminder': async (payload, context) => {
        const result = await appointmentNotifier.runReminderJob(payload);
        context.logger.info('appointment reminder', { appointmentId: payload.appointmentId, kind: payload.kind, result });
      },
      'sms.call-followup': async (payload, context) => {
        const result = await callFollowup.runFollowupJob(payload);
        if (result === 'alerted') context.logger.info('unresolved call reported to the on-call number', { callId: payload.callId });
      },
      'sms.reconcile': async (_payload, context) => {
        const result = await messaging.reconcile();
        if (result.checked > 0) context.logger.info('sms statuses reconciled', result);
        await scheduleNextReconcile(jobQueue, deps.clock);
      },
      'vapi.sync': (payload, context) =>
        runVapiSyncJob(
          {
            db: deps.db,
            sync: assistantSync,
            clock: deps.clock,
            logger: context.logger,
            buildAssistant: (clinicId) => vapiAssistants.savedAssistant(clinicId),
            phoneNumberServer: vapiServerFor(vapiPublicBaseUrl, deps.vapi?.webhookSecret),
          },
          payload,
          context.signal,
        ),
    } satisfies JobHandlers<JobCatalog>,
  };
}

export type Services = ReturnType<typeof createServices>;
