/**
 * What a finished call achieved, derived from what happened in it rather than from what the
 * model says it did: the strongest fact wins, in this order.
 */
export const CALL_OUTCOMES = ['emergency', 'booked', 'escalated', 'message_taken', 'answered', 'abandoned'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type CallFacts = {
  isEmergency: boolean;
  /** Effects recorded by the call's tool invocations (booked, rescheduled, cancelled, message_taken, escalated, answered). */
  toolEffects: readonly string[];
  /** Kinds of escalations raised during the call. */
  escalationKinds: readonly string[];
  /** Appointments booked on the call. */
  appointmentCount: number;
  /** Final utterances of the caller. */
  callerUtterances: number;
  endedReason: string | undefined;
};

// Ended reasons where nobody (or only a machine) was on the line.
const UNANSWERED_REASONS = /voicemail|did-not-answer|customer-busy|no-answer|silence-timed-out|failed-to-connect|not-found/i;
const FORWARDED_REASONS = /forwarded|transfer/i;

export function deriveCallOutcome(facts: CallFacts): CallOutcome {
  const effects = new Set(facts.toolEffects);
  if (facts.isEmergency || facts.escalationKinds.includes('emergency')) return 'emergency';
  if (facts.appointmentCount > 0 || effects.has('booked') || effects.has('rescheduled')) return 'booked';
  if (effects.has('escalated') || facts.escalationKinds.some((kind) => kind !== 'other') || FORWARDED_REASONS.test(facts.endedReason ?? '')) {
    return 'escalated';
  }
  if (effects.has('message_taken') || facts.escalationKinds.includes('other')) return 'message_taken';
  if (facts.callerUtterances === 0 || (UNANSWERED_REASONS.test(facts.endedReason ?? '') && effects.size === 0)) return 'abandoned';
  return 'answered';
}
