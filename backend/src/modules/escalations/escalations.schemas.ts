import { z } from 'zod';

export const EscalationKind = z.enum(['emergency', 'medical', 'human', 'complaint', 'failure', 'other']);
export type EscalationKind = z.infer<typeof EscalationKind>;

export const EscalationSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type EscalationSeverity = z.infer<typeof EscalationSeverity>;

export const EscalationChannel = z.enum(['voice', 'sms', 'web', 'staff']);
export type EscalationChannel = z.infer<typeof EscalationChannel>;

export const EscalationStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type EscalationStatus = z.infer<typeof EscalationStatus>;

/** What domain code (conversation engine, webhooks, staff) hands to `createEscalation`. */
export const EscalationCreate = z
  .object({
    kind: EscalationKind,
    severity: EscalationSeverity,
    channel: EscalationChannel,
    summary: z.string().trim().min(1, 'is required').max(2_000, 'must be at most 2,000 characters'),
    patientId: z.uuid().optional(),
    callId: z.uuid().optional(),
    messageId: z.uuid().optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();
export type EscalationCreate = z.input<typeof EscalationCreate>;

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export const EscalationListQuery = z
  .object({
    status: EscalationStatus.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strip();
export type EscalationListQuery = z.infer<typeof EscalationListQuery>;

// `open` is not accepted: nothing moves an escalation backwards.
export const EscalationPatch = z
  .object({
    status: z.enum(['acknowledged', 'resolved']).optional(),
    assigneeUserId: z.uuid().nullable().optional(),
  })
  .strict()
  .refine((patch) => patch.status !== undefined || patch.assigneeUserId !== undefined, 'status or assigneeUserId is required');
export type EscalationPatch = z.infer<typeof EscalationPatch>;

export const Escalation = z.object({
  id: z.uuid(),
  kind: EscalationKind,
  severity: EscalationSeverity,
  status: EscalationStatus,
  channel: EscalationChannel,
  summary: z.string(),
  patientId: z.uuid().nullable(),
  callId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  /** Whom staff call back: the linked patient, else the caller's number; null when neither is known. */
  contact: z.object({ name: z.string().nullable(), phone: z.string() }).nullable(),
  assigneeUserId: z.uuid().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Escalation = z.infer<typeof Escalation>;

export const EscalationPage = z.object({ items: z.array(Escalation), nextCursor: z.string().nullable() });
export type EscalationPage = z.infer<typeof EscalationPage>;
