import type { ClinicEvent, TranscriptEventData } from './clinic-event';
import { INITIAL_LIVE_CALLS, liveCallsReducer, type CallDetailSnapshot, type LiveCallsAction, type LiveCallsState } from './live-calls';
import { applyTranscriptPart, mergeStoredTranscript, type TranscriptLine } from './transcript-lines';
import { describeToolUse, shortenWhen } from './tool-uses';

let nextId = 1;
function event(type: string, data: Record<string, unknown>, callId = 'call-1'): ClinicEvent {
  const id = nextId++;
  return { id, type, clinicId: 'clinic-1', callId, at: `2026-12-04T02:12:${String(id % 60).padStart(2, '0')}.000Z`, data };
}

function run(actions: LiveCallsAction[], state: LiveCallsState = INITIAL_LIVE_CALLS): LiveCallsState {
  return actions.reduce(liveCallsReducer, state);
}

const asEvents = (...events: ClinicEvent[]): LiveCallsAction[] => events.map((item) => ({ type: 'event', event: item }));

function snapshot(overrides: Partial<CallDetailSnapshot> = {}): CallDetailSnapshot {
  return {
    id: 'call-1',
    status: 'in-progress',
    startedAt: '2026-12-04T02:11:00.000Z',
    endedAt: null,
    fromNumber: '+447700900810',
    patientName: 'Hannah Clarke',
    outcome: null,
    summary: null,
    durationSeconds: null,
    endedReason: null,
    isEmergency: false,
    transcript: [],
    tools: [],
    ...overrides,
  };
}

const texts = (state: LiveCallsState, index = 0) => state.live[index]!.lines.map((line) => `${line.seq}${line.isFinal ? '' : '~'} ${line.text}`);

describe('live calls', () => {
  beforeEach(() => (nextId = 1));

  it('replaces partials of an utterance and appends finals', () => {
    const state = run(
      asEvents(
        event('call.started', { from: '+447700900810' }),
        event('transcript', { seq: 0, role: 'assistant', text: 'Hello,', final: false }),
        event('transcript', { seq: 0, role: 'assistant', text: 'Hello, thank you', final: false }),
        event('transcript', { seq: 0, role: 'assistant', text: 'Hello, thank you for calling.', final: true }),
        event('transcript', { seq: 1, role: 'user', text: 'Hi', final: false }),
      ),
    );
    expect(state.live).toHaveLength(1);
    expect(state.live[0]!.fromNumber).toBe('+447700900810');
    expect(texts(state)).toEqual(['0 Hello, thank you for calling.', '1~ Hi']);
  });

  it('ignores a replayed final and a partial its final already replaced', () => {
    const final = event('transcript', { seq: 0, role: 'user', text: 'Yes please.', final: true });
    const state = run(asEvents(final, final, event('transcript', { seq: 0, role: 'user', text: 'Yes', final: false })));
    expect(texts(state)).toEqual(['0 Yes please.']);
  });

  it('keeps one partial per speaker when both talk at once', () => {
    const parts: TranscriptEventData[] = [
      { seq: 2, role: 'user', text: 'Wait', final: false },
      { seq: 2, role: 'assistant', text: 'Of course', final: false },
      { seq: 2, role: 'user', text: 'Wait, sorry', final: false },
    ];
    const lines = parts.reduce<TranscriptLine[]>(applyTranscriptPart, []);
    expect(lines.map((line) => `${line.role}:${line.text}`)).toEqual(['assistant:Of course', 'user:Wait, sorry']);
  });

  it('merges stored finals with streamed lines without duplicates', () => {
    const streamed = applyTranscriptPart(applyTranscriptPart([], { seq: 1, role: 'user', text: 'Hi', final: true }), { seq: 2, role: 'assistant', text: 'Of', final: false });
    const merged = mergeStoredTranscript(streamed, [
      { seq: 0, role: 'assistant', text: 'Hello.' },
      { seq: 1, role: 'user', text: 'Hi' },
    ]);
    expect(merged.map((line) => [line.seq, line.isFinal, line.isStreamed])).toEqual([
      [0, true, false],
      [1, true, true],
      [2, false, true],
    ]);
  });

  it('collects tool uses once and marks emergencies', () => {
    const tool = event('call.tool', { name: 'escalate_to_staff', toolCallId: 'tc1', result: 'The on-call team has been alerted.', effect: 'emergency' });
    const state = run(asEvents(event('call.started', {}), tool, tool));
    expect(state.live[0]!.tools).toHaveLength(1);
    expect(state.live[0]!.isEmergency).toBe(true);
  });

  it('moves an ended call to recently ended and completes it from the second call.ended', () => {
    const state = run(
      asEvents(
        event('call.started', { from: '+447700900810' }),
        event('transcript', { seq: 0, role: 'assistant', text: 'Goodbye.', final: true }),
        event('call.status', { status: 'ended', endedReason: 'assistant-ended-call' }),
        event('call.ended', { outcome: 'booked', summary: null, durationSeconds: null, endedReason: 'assistant-ended-call' }),
        event('call.ended', { outcome: 'booked', summary: 'Booked a consultation.', durationSeconds: 29, endedReason: 'assistant-ended-call' }),
        event('call.status', { status: 'in-progress' }),
      ),
    );
    expect(state.live).toEqual([]);
    expect(state.ended).toHaveLength(1);
    expect(state.ended[0]).toMatchObject({ id: 'call-1', outcome: 'booked', summary: 'Booked a consultation.', durationSeconds: 29 });
    expect(state.ended[0]!.lines.map((line) => line.text)).toEqual(['Goodbye.']);
  });

  it('tracks who is speaking', () => {
    const state = run(
      asEvents(
        event('call.status', { status: 'in-progress', speech: { role: 'user', status: 'started' } }),
        event('call.status', { status: 'in-progress', speech: { role: 'assistant', status: 'stopped' } }),
      ),
    );
    expect(state.live[0]!.speaking).toBe('user');
  });

  it('lands a snapshot before or after the events it overlaps with the same result', () => {
    const events = asEvents(
      event('transcript', { seq: 1, role: 'user', text: 'I would like to book', final: true }),
      event('transcript', { seq: 2, role: 'assistant', text: 'Of course', final: false }),
    );
    const loaded = snapshot({
      transcript: [
        { seq: 0, role: 'assistant', text: 'Hello.' },
        { seq: 1, role: 'user', text: 'I would like to book' },
      ],
    });
    const first: LiveCallsAction = { type: 'snapshot', calls: [loaded], asOfEventId: 0 };
    const before = run([first, ...events]);
    const after = run([...events, first]);
    expect(texts(before)).toEqual(['0 Hello.', '1 I would like to book', '2~ Of course']);
    expect(texts(after)).toEqual(texts(before));
    expect(after.live[0]!.patientName).toBe('Hannah Clarke');
  });

  it('ends calls a resync no longer lists, unless they started after it was asked for', () => {
    nextId = 10;
    const state = run([
      ...asEvents(event('call.started', {}, 'gone'), event('call.started', {}, 'new')),
      { type: 'snapshot', calls: [snapshot({ id: 'still-live' })], asOfEventId: 10 },
    ]);
    expect(state.live.map((call) => call.id).sort()).toEqual(['new', 'still-live']);
    expect(state.ended.map((call) => call.id)).toEqual(['gone']);
  });

  it('asks again for the detail of a call only its list row loaded for', () => {
    const state = run([{ type: 'snapshot', calls: [snapshot({ isSummaryOnly: true })], asOfEventId: 0 }]);
    expect(state.live[0]!.hasDetail).toBe(false);
    const loaded = liveCallsReducer(state, { type: 'detail', call: snapshot({ transcript: [{ seq: 0, role: 'assistant', text: 'Hello.' }] }) });
    expect(loaded.live[0]).toMatchObject({ hasDetail: true, lines: [{ seq: 0, text: 'Hello.', isFinal: true }] });
  });

  it('does not resurrect an ended call from a late snapshot', () => {
    const state = run([...asEvents(event('call.ended', { outcome: 'answered', summary: null, durationSeconds: 5, endedReason: null })), { type: 'snapshot', calls: [snapshot()], asOfEventId: 0 }]);
    expect(state.live).toEqual([]);
  });
});

describe('tool chips', () => {
  it.each([
    [
      { name: 'book_appointment', result: 'Booked Lip filler on Tuesday 8 December at 14:00 with Dr Amelia Hart for Hannah Clarke; a confirmation text will follow. [appointmentId=1]', effect: 'booked' },
      'Booked Lip filler Tue 8 Dec 14:00',
      'ok',
    ],
    [{ name: 'book_appointment', result: 'Not booked: that time has just been taken. Next free: …' }, 'Booking not made', 'warning'],
    [{ name: 'check_availability', result: 'Free Free consultation slots: Friday 4 December at 09:00 with Dr A [startsAt=x]; Friday 4 December at 10:00 with Dr B [startsAt=y].' }, 'Checked Free consultation: 2 free slots', 'neutral'],
    [{ name: 'reschedule_appointment', result: 'Moved Botox to Monday 7 December at 10:30 with Dr A. [appointmentId=1]', effect: 'rescheduled' }, 'Moved Botox to Mon 7 Dec 10:30', 'ok'],
    [{ name: 'cancel_appointment', result: 'Cancelled Botox on Monday 7 December at 10:30. [appointmentId=1]', effect: 'cancelled' }, 'Cancelled Botox Mon 7 Dec 10:30', 'warning'],
    [{ name: 'lookup_patient', result: 'Patient: Hannah Clarke. No upcoming appointments.' }, 'Found patient Hannah Clarke', 'neutral'],
    [{ name: 'search_knowledge_base', result: 'From the clinic’s information: …', effect: 'answered' }, 'Answered from knowledge base', 'ok'],
    [{ name: 'escalate_to_staff', result: 'The on-call team has been alerted.', effect: 'emergency' }, 'Emergency escalated', 'danger'],
    [{ name: 'take_message', result: 'Message passed to the clinic team.', effect: 'message_taken' }, 'Message taken', 'ok'],
    [{ name: 'book_appointment', error: 'I need a phone number to book.' }, 'Booking failed', 'danger'],
    [{ name: 'something_new', result: 'Done.' }, 'Something new', 'neutral'],
  ])('%j → %s', (use, label, tone) => {
    expect(describeToolUse(use)).toMatchObject({ label, tone });
  });

  it('hides the tokens meant for the assistant from the detail', () => {
    expect(describeToolUse({ name: 'cancel_appointment', result: 'Cancelled Botox on Monday 7 December at 10:30. [appointmentId=1]' }).detail).toBe(
      'Cancelled Botox on Monday 7 December at 10:30.',
    );
  });

  it('shortens dates', () => {
    expect(shortenWhen('Wednesday 30 September at 09:05')).toBe('Wed 30 Sep 09:05');
  });
});
