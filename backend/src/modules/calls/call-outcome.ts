/**
 * What a finished call achieved. The outcome is derived from what happened in the call rather
 * than from what the model says it did — the strongest fact wins, in this order — by the
 * database function `call_outcome()` (migration 0012), next to the row lock under which every
 * event of a call decides it; test/call-rules.test.ts holds the table of cases.
 */
export const CALL_OUTCOMES = ['emergency', 'booked', 'escalated', 'message_taken', 'answered', 'abandoned'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
