import { deriveCallOutcome, type CallFacts } from './call-outcome';

const quietCall: CallFacts = { isEmergency: false, toolEffects: [], escalationKinds: [], appointmentCount: 0, callerUtterances: 0, endedReason: 'customer-ended-call' };
const talked = { ...quietCall, callerUtterances: 3 };

describe('deriveCallOutcome', () => {
  it.each<[string, CallFacts, string]>([
    ['a call where the caller said nothing', quietCall, 'abandoned'],
    ['a voicemail', { ...talked, endedReason: 'voicemail' }, 'abandoned'],
    ['a conversation with answers', { ...talked, toolEffects: ['answered'] }, 'answered'],
    ['a conversation without tools', talked, 'answered'],
    ['a booking', { ...talked, toolEffects: ['answered', 'booked'] }, 'booked'],
    ['an appointment linked to the call', { ...talked, appointmentCount: 1 }, 'booked'],
    ['a reschedule', { ...talked, toolEffects: ['rescheduled'] }, 'booked'],
    ['a message', { ...talked, toolEffects: ['message_taken'] }, 'message_taken'],
    ['a hand-over', { ...talked, toolEffects: ['escalated'] }, 'escalated'],
    ['a clinical question escalated by the engine', { ...talked, escalationKinds: ['medical'] }, 'escalated'],
    ['a forwarded call', { ...talked, endedReason: 'assistant-forwarded-call' }, 'escalated'],
    ['a red flag heard live', { ...talked, isEmergency: true, toolEffects: ['booked'] }, 'emergency'],
    ['an emergency escalation', { ...quietCall, escalationKinds: ['emergency'] }, 'emergency'],
  ])('%s → %s', (_name, facts, outcome) => {
    expect(deriveCallOutcome(facts)).toBe(outcome);
  });

  it('ranks a booking above a hand-over made in the same call', () => {
    expect(deriveCallOutcome({ ...talked, toolEffects: ['escalated', 'booked'] })).toBe('booked');
  });
});
