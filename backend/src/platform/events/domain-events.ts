import { z } from 'zod';
import type { EventBus, Unsubscribe } from '../bus';
import { clinicEventsChannel, createInProcessClinicEventStream, type ClinicEventStream } from './clinic-event-stream';
import type { Clock } from '../jobs/job-types';
import type { Logger } from '../logger';

/**
 * The catalogue of domain events (contract §6): what domain code may publish and what the
 * realtime hub delivers. Payloads the contract spells out are strict; the others are loose
 * objects with their known fields typed, so producers can add detail without breaking the hub.
 * Per-clinic stream ids and the replay window belong to the stream (`clinic-event-stream.ts`).
 */
const isoTimestamp = z.iso.datetime({ offset: true });
const severity = z.enum(['low', 'medium', 'high', 'critical']);

const escalationData = z.object({
  id: z.uuid(),
  kind: z.enum(['emergency', 'medical', 'human', 'complaint', 'failure', 'other']),
  severity,
  status: z.enum(['open', 'acknowledged', 'resolved']),
  channel: z.enum(['voice', 'sms', 'web', 'staff']),
  summary: z.string(),
  patientId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  contact: z.object({ name: z.string().nullable(), phone: z.string() }).nullable(),
  assigneeUserId: z.uuid().nullable(),
  acknowledgedAt: isoTimestamp.nullable(),
  resolvedAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

const messageData = z.looseObject({
  messageId: z.uuid(),
  status: z.string().optional(),
});

const appointmentData = z.looseObject({
  appointmentId: z.uuid(),
  status: z.string().optional(),
  startsAt: isoTimestamp.optional(),
  endsAt: isoTimestamp.optional(),
});

export const domainEventSchemas = {
  'call.started': z.looseObject({ provider: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
  'call.status': z.looseObject({ status: z.string() }),
  transcript: z.object({
    seq: z.number().int().nonnegative(),
    role: z.enum(['assistant', 'user', 'system', 'tool']),
    text: z.string(),
    final: z.boolean(),
  }),
  'call.tool': z.looseObject({ name: z.string(), toolCallId: z.string().optional(), result: z.string().optional() }),
  'call.ended': z.object({
    outcome: z.string().nullable(),
    summary: z.string().nullable(),
    durationSeconds: z.number().nonnegative().nullable(),
    endedReason: z.string().nullable(),
  }),
  alert: z.object({ kind: z.enum(['emergency', 'escalation']), severity, text: z.string() }),
  'sms.received': messageData,
  'sms.sent': messageData,
  'sms.status': messageData.extend({ status: z.string() }),
  'appointment.created': appointmentData,
  'appointment.updated': appointmentData,
  'escalation.created': escalationData,
  'escalation.updated': escalationData,
} as const;

export type DomainEventType = keyof typeof domainEventSchemas;
export type DomainEventData<Type extends DomainEventType> = z.output<(typeof domainEventSchemas)[Type]>;

export const DOMAIN_EVENT_TYPES = Object.keys(domainEventSchemas) as DomainEventType[];

/** What travels on the bus and, with a stream id added by the hub, to the dashboard. */
export type DomainEvent<Type extends DomainEventType = DomainEventType> = {
  [Key in Type]: { type: Key; clinicId: string; callId?: string; at: string; data: DomainEventData<Key> };
}[Type];

const DomainEventEnvelope = z.object({
  type: z.enum(DOMAIN_EVENT_TYPES as [DomainEventType, ...DomainEventType[]]),
  clinicId: z.uuid(),
  callId: z.string().optional(),
  at: isoTimestamp,
  data: z.unknown(),
});

export type PublishRequest<Type extends DomainEventType> = {
  clinicId: string;
  type: Type;
  data: DomainEventData<Type>;
  callId?: string;
};

export interface EventPublisher {
  /**
   * Publishes after the domain change has committed. Rejects only on a programming error (data
   * that does not match the type's schema); a bus that is down is logged, never thrown, because
   * the change the event reports has already happened.
   */
  publish<Type extends DomainEventType>(request: PublishRequest<Type>): Promise<void>;
}

export class InvalidDomainEventError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`invalid "${eventType}" event data: ${issues.map((issue) => `${issue.path || '(root)'} ${issue.message}`).join('; ')}`);
    this.name = 'InvalidDomainEventError';
  }
}

/** Narrows an event to one type, e.g. `events.filter((event) => isDomainEventOfType(event, 'alert'))`. */
export function isDomainEventOfType<Type extends DomainEventType>(event: DomainEvent, type: Type): event is Extract<DomainEvent, { type: Type }> {
  return event.type === type;
}

export { clinicEventsChannel };

/** Validates `data` against the catalogue; returns the parsed value or throws. */
export function parseDomainEventData<Type extends DomainEventType>(type: Type, data: unknown): DomainEventData<Type> {
  const schema = domainEventSchemas[type] as unknown as z.ZodType<DomainEventData<Type>> | undefined;
  if (!schema) throw new InvalidDomainEventError(String(type), [{ path: 'type', message: 'is not a known event type' }]);
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new InvalidDomainEventError(
      type,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

/**
 * `stream`: where events get their ids and replay window (what the realtime hub reads). `bus`
 * alone: a process-local stream fanning out on that bus, for callers that only subscribe.
 */
export type EventPublisherDeps = ({ stream: ClinicEventStream } | { bus: EventBus }) & { clock?: Clock; logger: Logger };

export function createEventPublisher(deps: EventPublisherDeps): EventPublisher {
  const logger = deps.logger.child({ component: 'event-publisher' });
  const now = () => (deps.clock ? deps.clock.now() : new Date());
  const stream =
    'stream' in deps ? deps.stream : createInProcessClinicEventStream({ bus: deps.bus, now: () => now().getTime() });
  return {
    async publish(request) {
      const data = parseDomainEventData(request.type, request.data);
      const event = {
        type: request.type,
        clinicId: request.clinicId,
        ...(request.callId === undefined ? {} : { callId: request.callId }),
        at: now().toISOString(),
        data,
      };
      try {
        await stream.append(event as DomainEvent);
      } catch (error) {
        logger.warn('domain event not published: bus unavailable', {
          eventType: request.type,
          clinicId: request.clinicId,
          error,
        });
      }
    },
  };
}

/**
 * Subscribes `handler` to one clinic's events. Payloads that are not well-formed events (another
 * producer's bug) are handed to `onInvalid` instead, so a consumer never sees an untyped value.
 */
export function subscribeClinicEvents(
  bus: EventBus,
  clinicId: string,
  handler: (event: DomainEvent) => void | Promise<void>,
  options: { onInvalid?: (payload: unknown, reason: string) => void } = {},
): Promise<Unsubscribe> {
  return bus.subscribe(clinicEventsChannel(clinicId), (payload) => {
    const envelope = DomainEventEnvelope.safeParse(payload);
    if (!envelope.success || envelope.data.clinicId !== clinicId) {
      options.onInvalid?.(payload, envelope.success ? 'clinic id does not match the channel' : envelope.error.message);
      return;
    }
    const data = domainEventSchemas[envelope.data.type].safeParse(envelope.data.data);
    if (!data.success) {
      options.onInvalid?.(payload, data.error.message);
      return;
    }
    return handler({ ...envelope.data, data: data.data } as DomainEvent);
  });
}
