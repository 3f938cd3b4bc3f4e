/**
 * The delivery status of an outbound text moves forward only (issue 6): Twilio's callbacks arrive
 * duplicated and out of order, so the current status is replaced only by a later stage, and every
 * callback is kept in `message_status_events` whatever it says.
 *
 *   queued → sending → sent → delivered | undelivered | failed → read
 *
 * `accepted` and `scheduled` are Twilio's stages before `queued`; `canceled` ends a scheduled
 * message. Two different statuses of the same stage (delivered after failed) do not replace each
 * other: the first final answer stands.
 */
export const SMS_STATUS_RANK: Readonly<Record<string, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

const LOCAL_FINAL_STATUSES = new Set(['blocked_opted_out']);

/** Whether `next` replaces `current`. Unknown statuses never replace a known one. */
export function smsStatusAdvances(current: string, next: string): boolean {
  const nextRank = SMS_STATUS_RANK[next];
  if (nextRank === undefined) return false;
  const currentRank = SMS_STATUS_RANK[current];
  // Our own states: a message blocked for an opt-out was never sent, so no callback can be about
  // it; one not yet handed to the provider gives way to any provider status.
  if (currentRank === undefined) return !LOCAL_FINAL_STATUSES.has(current);
  return nextRank > currentRank;
}

/** The status a message ends in after these callbacks, in the order given, from `initial`. */
export function applySmsStatuses(initial: string, statuses: readonly string[]): string {
  return statuses.reduce((current, next) => (smsStatusAdvances(current, next) ? next : current), initial);
}
