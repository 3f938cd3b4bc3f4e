import { decodeCursor, encodeCursor } from '../../platform/http/keyset-cursor';
import { PG_FOREIGN_KEY_VIOLATION, pgErrorCode, type Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { EventPublisher } from '../../platform/events/domain-events';
import type { Clock } from '../../platform/jobs/job-types';
import { parseInput } from '../../platform/http/validate';
import { recordAudit, type AuditEntry } from '../audit/audit.repo';
import { classifyStatusChange } from './escalation-status';
import { createEscalationsRepo, type EscalationInsert, type EscalationRecord, type EscalationsRepo } from './escalations.repo';
import {
  EscalationCreate,
  type Escalation,
  type EscalationListQuery,
  type EscalationPage,
  type EscalationPatch,
} from './escalations.schemas';

export type CreateEscalationResult = { escalation: Escalation; isCreated: boolean };

export type EscalationActor = AuditEntry['actor'];

/** The DTO: every field named, so a new column never leaks by accident. */
export function toEscalationDto(record: EscalationRecord): Escalation {
  return {
    id: record.id,
    kind: record.kind,
    severity: record.severity,
    status: record.status,
    channel: record.channel,
    summary: record.summary,
    patientId: record.patientId,
    callId: record.callId,
    messageId: record.messageId,
    contact: record.contact,
    assigneeUserId: record.assigneeUserId,
    acknowledgedAt: record.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: record.resolvedAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}


/**
 * The unique index on `idempotency_key` spans all clinics; prefixing the clinic id keeps one
 * clinic's key from ever matching (or revealing) another clinic's escalation.
 */
function scopedIdempotencyKey(clinicId: string, key: string | undefined): string | null {
  return key === undefined ? null : `${clinicId}:${key}`;
}

/** Composite foreign keys pin patient, call and message to the clinic; another clinic's id is bad input. */
async function insertOrExplain(
  repo: EscalationsRepo,
  clinicId: string,
  escalation: EscalationInsert,
  actor: EscalationActor,
): Promise<EscalationRecord | undefined> {
  try {
    return await repo.insertAuditedUnlessDuplicate(clinicId, escalation, actor);
  } catch (error) {
    if (pgErrorCode(error) !== PG_FOREIGN_KEY_VIOLATION) throw error;
    throw new AppError('INVALID_INPUT', 'patientId, callId and messageId must belong to this clinic', { cause: error });
  }
}

export function createEscalationsService(deps: { db: Db; events: EventPublisher; clock: Clock }) {
  const repo = createEscalationsRepo(deps.db);

  return {
    /**
     * Records an escalation once per idempotency key: concurrent and repeated calls with the
     * same key return the same escalation, and only the call that created it audits and
     * publishes. An emergency also raises an `alert` for the dashboard.
     */
    async createEscalation(
      clinicId: string,
      input: EscalationCreate,
      actor: EscalationActor = { type: 'system' },
    ): Promise<CreateEscalationResult> {
      const escalation = parseInput(EscalationCreate, input);
      const idempotencyKey = scopedIdempotencyKey(clinicId, escalation.idempotencyKey);
      // One statement records the escalation and its audit entry: no transaction held open
      // across round trips on the path of a live call.
      const created = await insertOrExplain(
        repo,
        clinicId,
        {
          kind: escalation.kind,
          severity: escalation.severity,
          channel: escalation.channel,
          summary: escalation.summary,
          patientId: escalation.patientId ?? null,
          callId: escalation.callId ?? null,
          messageId: escalation.messageId ?? null,
          idempotencyKey,
          createdAt: deps.clock.now(),
        },
        actor,
      );
      if (!created) {
        // ON CONFLICT waited for the insert that holds the key to commit, so this statement sees it.
        const existing = idempotencyKey ? await repo.findByIdempotencyKey(clinicId, idempotencyKey) : undefined;
        if (!existing) throw new Error('escalation idempotency key conflicted but no escalation holds it');
        return { escalation: toEscalationDto(existing), isCreated: false };
      }

      const dto = toEscalationDto(created);
      const callId = dto.callId ?? undefined;
      await deps.events.publish({ clinicId, type: 'escalation.created', data: dto, ...(callId ? { callId } : {}) });
      if (dto.kind === 'emergency') {
        await deps.events.publish({
          clinicId,
          type: 'alert',
          data: { kind: 'emergency', severity: dto.severity, text: dto.summary },
          ...(callId ? { callId } : {}),
        });
      }
      return { escalation: dto, isCreated: true };
    },

    async listEscalations(clinicId: string, query: EscalationListQuery): Promise<EscalationPage> {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const records = await repo.list(clinicId, {
        limit: query.limit + 1,
        ...(query.status ? { status: query.status } : {}),
        ...(after ? { after } : {}),
      });
      const page = records.slice(0, query.limit);
      const last = page.at(-1);
      const hasMore = records.length > query.limit;
      return { items: page.map(toEscalationDto), nextCursor: hasMore && last ? encodeCursor(last) : null };
    },

    async getEscalation(clinicId: string, id: string): Promise<Escalation> {
      const record = await repo.findById(clinicId, id);
      if (!record) throw notFound('Escalation');
      return toEscalationDto(record);
    },

    /**
     * Moves an escalation forward and/or (un)assigns it. Re-applying the current state changes
     * nothing and publishes nothing; moving backwards is a CONFLICT.
     */
    async updateEscalation(clinicId: string, actorUserId: string, id: string, patch: EscalationPatch): Promise<Escalation> {
      const outcome = await deps.db.transaction(async (tx) => {
        const txRepo = createEscalationsRepo(tx);
        const current = await txRepo.findById(clinicId, id, { forUpdate: true });
        if (!current) throw notFound('Escalation');

        let { status, acknowledgedAt, resolvedAt } = current;
        const now = deps.clock.now();
        if (patch.status !== undefined) {
          const change = classifyStatusChange(current.status, patch.status);
          if (change === 'backward') {
            throw new AppError('CONFLICT', `Escalation is ${current.status}; it cannot move back to ${patch.status}`, {
              details: { currentStatus: current.status, requestedStatus: patch.status },
            });
          }
          if (change === 'forward') {
            status = patch.status;
            if (patch.status === 'acknowledged') acknowledgedAt = now;
            if (patch.status === 'resolved') resolvedAt = now;
          }
        }

        let assigneeUserId = current.assigneeUserId;
        if (patch.assigneeUserId !== undefined && patch.assigneeUserId !== current.assigneeUserId) {
          if (patch.assigneeUserId !== null && !(await txRepo.isClinicMember(clinicId, patch.assigneeUserId))) {
            throw new AppError('INVALID_INPUT', 'Assignee must be a member of this clinic', {
              details: [{ path: 'assigneeUserId', message: 'is not a member of this clinic' }],
            });
          }
          assigneeUserId = patch.assigneeUserId;
        }

        const isChanged = status !== current.status || assigneeUserId !== current.assigneeUserId;
        if (!isChanged) return { record: current, isChanged };
        const record = await txRepo.update(clinicId, id, { status, assigneeUserId, acknowledgedAt, resolvedAt, updatedAt: now });
        await recordAudit(tx, {
          clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'escalation.updated',
          entity: { type: 'escalation', id },
          data: {
            ...(status !== current.status ? { status: { from: current.status, to: status } } : {}),
            ...(assigneeUserId !== current.assigneeUserId ? { assigneeUserId: { from: current.assigneeUserId, to: assigneeUserId } } : {}),
          },
        });
        return { record, isChanged };
      });

      const dto = toEscalationDto(outcome.record);
      if (outcome.isChanged) {
        const callId = dto.callId ?? undefined;
        await deps.events.publish({ clinicId, type: 'escalation.updated', data: dto, ...(callId ? { callId } : {}) });
      }
      return dto;
    },
  };
}

export type EscalationsService = ReturnType<typeof createEscalationsService>;
