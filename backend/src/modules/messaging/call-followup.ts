import type { Db } from '../../platform/db';
import type { JobQueue } from '../../platform/jobs/job-queue';
import type { Clock } from '../../platform/jobs/job-types';
import { dateTimeFormat } from '../../platform/intl';
import type { JobCatalog } from '../../services';
import type { SmsCallFollowupPayload } from './messaging.jobs';
import type { MessagingService } from './messaging.service';
import type { SmsProfile } from './sms-profile';

// The outcome can still change for a short while (a late end-of-call report): decide after it settled.
const SETTLE_MS = 2 * 60_000;
/** Calls that ended with nothing achieved: the caller hung up before anything was resolved. */
const UNRESOLVED_OUTCOMES = new Set(['abandoned']);

/**
 * After a call ended (on any provider): queues its follow-up once its outcome has settled; one
 * job per call, however often the end is announced.
 */
export async function scheduleCallFollowup(queue: Pick<JobQueue<JobCatalog>, 'enqueue'>, clock: Clock, clinicId: string, callId: string): Promise<void> {
  await queue.enqueue('sms.call-followup', { clinicId, callId }, { uniqueKey: `sms.call-followup:${callId}`, clinicId, runAt: new Date(clock.now().getTime() + SETTLE_MS) });
}

/**
 * The on-call number hears about callers who hung up unresolved, so someone calls them back.
 * The alert is keyed by the call.
 */
export function createCallFollowup(deps: {
  db: Db;
  messaging: Pick<MessagingService, 'queueOutbound'>;
  smsProfile: (clinicId: string) => Promise<SmsProfile>;
}) {
  return {
    async runFollowupJob(payload: SmsCallFollowupPayload): Promise<'alerted' | 'resolved' | 'no_recipient'> {
      const { rows } = await deps.db.query<{ outcome: string | null; from_number: string | null; started_at: Date | null; created_at: Date }>(
        'SELECT outcome, from_number, started_at, created_at FROM calls WHERE clinic_id = $1 AND id = $2',
        [payload.clinicId, payload.callId],
      );
      const call = rows[0];
      if (!call || !call.outcome || !UNRESOLVED_OUTCOMES.has(call.outcome)) return 'resolved';
      const profile = await deps.smsProfile(payload.clinicId);
      const recipient = profile.settings.onCallNumber;
      if (!recipient) return 'no_recipient';
      const at = dateTimeFormat('en-GB', { timeZone: profile.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(call.started_at ?? call.created_at);
      const caller = call.from_number ? `Caller ${call.from_number}` : 'A caller with a hidden number';
      await deps.messaging.queueOutbound(payload.clinicId, {
        to: recipient,
        body: `${profile.name}: ${caller} hung up at ${at} before anything was resolved. Please call them back; details on the Voxanne dashboard.`,
        kind: 'alert',
        idempotencyKey: `owner:unresolved:${payload.callId}`,
        maxSegments: 2,
      });
      return 'alerted';
    },
  };
}

