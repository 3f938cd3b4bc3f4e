import { seedDemoData } from '../src/seed/seed';
import { deleteAllCalls, insertCall, insertCallAppointment, insertCallEscalation, insertToolCall, insertTranscript, upsertPatient } from './support/call-fixtures';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

/**
 * The call lifecycle's rules as the database applies them (migration 0012): the order statuses
 * move in, and the outcome a call's facts add up to. Table-driven, on real rows.
 */
const db = createTestDb();
afterAll(() => db.close());

describe('call_status_advances', () => {
  const earlier = new Date('2026-12-01T10:00:00Z');
  const later = new Date('2026-12-01T10:00:05Z');

  it.each<[string, string, Date | null, string, Date | null, boolean]>([
    ['ringing → in-progress', 'ringing', earlier, 'in-progress', later, true],
    ['queued → ended', 'queued', null, 'ended', null, true],
    ['in-progress → ringing (backwards)', 'in-progress', later, 'ringing', later, false],
    ['ended → in-progress (late delivery)', 'ended', earlier, 'in-progress', later, false],
    ['the same status again', 'in-progress', earlier, 'in-progress', later, false],
    ['ended → not-found, said later (same rank)', 'ended', earlier, 'not-found', later, true],
    ['ended → not-found, said earlier', 'ended', later, 'not-found', earlier, false],
    ['same rank without a time', 'ended', earlier, 'not-found', null, false],
    ['an unknown status never outranks a known one', 'ringing', earlier, 'teleporting', later, false],
  ])('%s', async (_name, current, currentAt, next, nextAt, advances) => {
    const { rows } = await db.query<{ advances: boolean }>('SELECT call_status_advances($1, $2, $3, $4) AS advances', [current, currentAt, next, nextAt]);
    expect(rows[0]!.advances).toBe(advances);
  });
});

describe('call_outcome', () => {
  let clinicId: string;
  let patientId: string;

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    clinicId = await clinicIdBySlug(db, 'demo');
    patientId = await upsertPatient(db, clinicId, '+447700900555', 'Ada Patient');
  });
  afterEach(() => deleteAllCalls(db));

  type Facts = {
    callerUtterances?: number;
    endedReason?: string | null;
    toolEffects?: (string | null)[];
    escalationKinds?: string[];
    appointments?: number;
    isEmergency?: boolean;
  };

  async function outcomeOf(facts: Facts): Promise<string> {
    const callId = await insertCall(db, clinicId, {
      outcome: null,
      endedReason: facts.endedReason === undefined ? 'customer-ended-call' : facts.endedReason,
      emergencyAt: facts.isEmergency ? new Date() : null,
    });
    const utterances = facts.callerUtterances ?? 0;
    if (utterances > 0) await insertTranscript(db, clinicId, callId, Array.from({ length: utterances }, (_, index) => ({ role: 'user' as const, text: `caller line ${index}` })));
    await insertTranscript(db, clinicId, callId, [{ role: 'assistant', text: 'Hello, this is the clinic.' }]);
    for (const effect of facts.toolEffects ?? []) await insertToolCall(db, clinicId, callId, { name: 'search_knowledge_base', effect });
    for (const kind of facts.escalationKinds ?? []) await insertCallEscalation(db, clinicId, callId, { kind });
    for (let index = 0; index < (facts.appointments ?? 0); index += 1) {
      await insertCallAppointment(db, clinicId, callId, { patientId, startsAt: new Date(Date.UTC(2027, 0, 4 + index, 10)) });
    }
    const { rows } = await db.query<{ outcome: string }>('SELECT call_outcome($1) AS outcome', [callId]);
    return rows[0]!.outcome;
  }

  const talked: Facts = { callerUtterances: 3 };

  it.each<[string, Facts, string]>([
    ['a call where the caller said nothing', {}, 'abandoned'],
    ['a voicemail', { ...talked, endedReason: 'voicemail' }, 'abandoned'],
    ['a voicemail in which a tool still did something', { ...talked, endedReason: 'voicemail', toolEffects: ['answered'] }, 'answered'],
    ['a conversation with answers', { ...talked, toolEffects: ['answered'] }, 'answered'],
    ['a conversation without tools', talked, 'answered'],
    ['a conversation with no ended reason yet', { ...talked, endedReason: null }, 'answered'],
    ['a tool call that changed nothing', { ...talked, toolEffects: [null] }, 'answered'],
    ['a booking', { ...talked, toolEffects: ['answered', 'booked'] }, 'booked'],
    ['an appointment linked to the call', { ...talked, appointments: 1 }, 'booked'],
    ['a reschedule', { ...talked, toolEffects: ['rescheduled'] }, 'booked'],
    ['a message', { ...talked, toolEffects: ['message_taken'] }, 'message_taken'],
    ['a message left as an "other" escalation', { ...talked, escalationKinds: ['other'] }, 'message_taken'],
    ['a hand-over', { ...talked, toolEffects: ['escalated'] }, 'escalated'],
    ['a clinical question escalated by the engine', { ...talked, escalationKinds: ['medical'] }, 'escalated'],
    ['a forwarded call', { ...talked, endedReason: 'assistant-forwarded-call' }, 'escalated'],
    ['a booking and a hand-over in the same call', { ...talked, toolEffects: ['escalated', 'booked'] }, 'booked'],
    ['a red flag heard live', { ...talked, isEmergency: true, toolEffects: ['booked'] }, 'emergency'],
    ['an emergency escalation', { escalationKinds: ['emergency'] }, 'emergency'],
  ])('%s → %s', async (_name, facts, outcome) => {
    expect(await outcomeOf(facts)).toBe(outcome);
  });
});
