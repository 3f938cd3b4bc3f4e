import {
  endOfCallReportOf,
  parseVapiMessage,
  speechUpdateOf,
  statusUpdateOf,
  toolCallsOf,
  transcriptOf,
  type VapiMessage,
} from '../modules/vapi/vapi.messages';
import { isVapiToolName, vapiToolArguments } from '../modules/vapi/vapi.tool-definitions';
import { TOOL_CALL_SHAPES } from './vapi-payloads';
import {
  buildCallScript,
  resultTokens,
  ScenarioDependencyError,
  VAPI_SCENARIO_NAMES,
  type ToolResultEntry,
  type VapiCallScript,
  type VapiScenarioName,
} from './vapi-scenarios';

const DEMO = { calledNumber: '+442079460000', phoneNumberId: 'pn_demo' };
const CREATED_AT = new Date('2026-11-23T10:15:00.000Z');
const SLOT_RESULT: ToolResultEntry = {
  toolCallId: 'set-below',
  name: 'check_availability',
  result:
    'Free Lip filler (1 ml) slots: Tuesday 24 November at 10:00 with Dr Amelia Hart [startsAt=2026-11-24T10:00:00.000Z]; Tuesday 24 November at 10:45 with Nurse Priya Shah [startsAt=2026-11-24T10:45:00.000Z].',
};

/** Enough results for every step to build. */
const SLOT_RESULTS: ToolResultEntry[] = [
  SLOT_RESULT,
  { toolCallId: 'first-booking', name: 'book_appointment', result: 'Not booked: that time has just been taken. [startsAt=2026-11-24T11:30:00.000Z]' },
];

function script(scenario: VapiScenarioName, overrides: Partial<Parameters<typeof buildCallScript>[0]> = {}): VapiCallScript {
  return buildCallScript({ scenario, ...DEMO, createdAt: CREATED_AT, seed: 1234, ...overrides });
}

/** Builds every step as a backend would receive them, answering tool calls with `answer`. */
function playOnPaper(call: VapiCallScript, answer: (name: string) => string = () => 'Done.'): { messages: VapiMessage[]; results: ToolResultEntry[] } {
  const results: ToolResultEntry[] = [];
  const messages: VapiMessage[] = [];
  for (const step of call.steps) {
    if (step.isNeeded && !step.isNeeded(results)) continue;
    const parsed = parseVapiMessage(JSON.parse(JSON.stringify(step.build(results))));
    if (!parsed.ok) throw new Error(`step ${step.index} does not parse: ${parsed.reason}`);
    messages.push(parsed.message);
    for (const toolCall of parsed.message.type === 'tool-calls' ? toolCallsOf(parsed.message) : []) {
      results.push({ toolCallId: toolCall.id, name: toolCall.name, result: answer(toolCall.name) });
    }
  }
  return { messages, results };
}

const slotAnswer = (name: string) => (name === 'check_availability' ? SLOT_RESULT.result! : name === 'book_appointment' ? 'Booked. [appointmentId=7d3c6a52-3a1e-4a77-9d0e-5b1c2f3e4d5a]' : 'Done.');

describe.each(VAPI_SCENARIO_NAMES)('the %s scenario', (scenario) => {
  const call = script(scenario);
  const { messages } = playOnPaper(call, slotAnswer);

  it('is an envelope Vapi would send at every step: type, epoch-ms timestamp, call, called number, customer', () => {
    for (const step of call.steps) {
      const wire = step.build(SLOT_RESULTS);
      expect(Object.keys(wire)).toEqual(['message']);
      expect(wire.message.type).toBe(step.type);
      const { call: callObject, phoneNumber, customer } = wire.message as Record<string, Record<string, unknown>>;
      expect(callObject).toMatchObject({ id: call.identity.callId, type: 'inboundPhoneCall', phoneNumberId: 'pn_demo', customer: { number: call.identity.callerNumber } });
      expect(callObject!.phoneCallProviderId).toMatch(/^CA[0-9a-f]{32}$/);
      expect(phoneNumber).toMatchObject({ number: '+442079460000', provider: 'twilio' });
      expect(phoneNumber).not.toHaveProperty('id');
      expect(customer).toEqual({ number: call.identity.callerNumber });
    }
    for (const message of messages) {
      expect(message.call.id).toBe(call.identity.callId);
      expect(message.calledNumber).toBe('+442079460000');
      expect(message.call.customerNumber).toMatch(/^\+447700900\d{3}$/);
    }
  });

  it('stamps messages with strictly increasing times, starting with the assistant-request', () => {
    const stamps = call.steps.map((step) => step.build(SLOT_RESULTS).message.timestamp);
    expect(stamps[0]).toBe(CREATED_AT.getTime());
    for (let index = 1; index < stamps.length; index += 1) expect(stamps[index]!).toBeGreaterThan(stamps[index - 1]!);
    expect(call.steps.map((step) => step.offsetMs)).toEqual(stamps.map((stamp) => stamp - CREATED_AT.getTime()));
    expect(call.steps[0]!.type).toBe('assistant-request');
  });

  it('lasts like a real call, with partials every 150–300 ms', () => {
    const seconds = (call.endedAt.getTime() - call.startedAt.getTime()) / 1_000;
    expect(seconds).toBeGreaterThanOrEqual(15);
    expect(seconds).toBeLessThanOrEqual(45);
    const isPartial = (index: number) => call.steps[index]?.label.startsWith('transcript partial') === true;
    const gaps = call.steps.flatMap((step, index) => (index > 0 && isPartial(index) && isPartial(index - 1) ? [step.offsetMs - call.steps[index - 1]!.offsetMs] : []));
    expect(gaps.length).toBeGreaterThan(20);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(300);
  });

  it('goes queued → ringing → in-progress → ended, and reports the end with artifact and analysis', () => {
    const statuses = messages.filter((message) => message.type === 'status-update').map((message) => statusUpdateOf(message)!.status);
    expect(statuses).toEqual(scenario === 'emergency' ? ['queued', 'ringing', 'in-progress', 'forwarding', 'ended'] : ['queued', 'ringing', 'in-progress', 'ended']);
    const ended = messages.find((message) => message.type === 'status-update' && statusUpdateOf(message)!.status === 'ended')!;
    expect(statusUpdateOf(ended)!.endedReason).toBe(call.endedReason);

    const reportMessage = messages.at(-1)!;
    expect(reportMessage.type).toBe('end-of-call-report');
    const report = endOfCallReportOf(reportMessage);
    expect(report).toMatchObject({
      endedReason: call.endedReason,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      recordingUrl: expect.stringMatching(/^https:\/\/.+\.wav$/),
      stereoRecordingUrl: expect.stringMatching(/^https:\/\/.+\.wav$/),
      summary: expect.any(String),
      successEvaluation: 'true',
      structuredData: expect.objectContaining({ outcome: expect.any(String) }),
    });
    expect(report.durationSeconds).toBe(Math.round((call.endedAt.getTime() - call.startedAt.getTime()) / 1_000));
    expect(report.transcript).toMatch(/^AI: .+\nUser: /);
    expect(report.cost).toBeGreaterThan(0);
    const artifact = reportMessage.body.artifact as { messages: { role: string }[] };
    expect(artifact.messages.map((entry) => entry.role)).toEqual(expect.arrayContaining(['bot', 'user', 'tool_calls', 'tool_call_result']));
  });

  it('streams each utterance as growing word-by-word partials, then the final, between speech-updates', () => {
    const finals = messages.filter((message) => message.type === 'transcript' && transcriptOf(message)!.isFinal);
    expect(finals.length).toBeGreaterThanOrEqual(3);
    expect(new Set(finals.map((message) => transcriptOf(message)!.role))).toEqual(new Set(['user', 'assistant']));
    let partials: string[] = [];
    let speaking: string | undefined;
    for (const message of messages) {
      if (message.type === 'speech-update') {
        const speech = speechUpdateOf(message)!;
        if (speech.status === 'started') speaking = speech.role;
        else speaking = undefined;
        continue;
      }
      if (message.type !== 'transcript') continue;
      const part = transcriptOf(message)!;
      expect(part.role).toBe(speaking);
      if (!part.isFinal) {
        partials.push(part.text);
        continue;
      }
      expect(partials.length).toBeGreaterThan(0);
      const words = (text: string) => text.split(' ').length;
      for (const [index, partial] of partials.entries()) {
        expect(part.text.startsWith(partial)).toBe(true);
        if (index > 0) expect(words(partial)).toBeGreaterThan(words(partials[index - 1]!));
      }
      if (part.role === 'user') expect(partials.map(words)).toEqual(partials.map((_, index) => index + 1));
      partials = [];
    }
  });

  it('uses both spellings of final transcripts', () => {
    const rawTypes = new Set(messages.filter((message) => message.type === 'transcript').map((message) => message.rawType));
    expect(rawTypes).toEqual(new Set(['transcript', 'transcript[transcriptType="final"]']));
  });

  it('calls tools with arguments their schemas accept', () => {
    const toolCalls = messages.filter((message) => message.type === 'tool-calls').flatMap(toolCallsOf);
    expect(toolCalls.length).toBeGreaterThan(0);
    for (const toolCall of toolCalls) {
      expect(toolCall.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      expect(isVapiToolName(toolCall.name)).toBe(true);
      expect(toolCall.argumentsError).toBeUndefined();
      if (isVapiToolName(toolCall.name)) expect(vapiToolArguments[toolCall.name].safeParse(toolCall.arguments).success).toBe(true);
    }
  });

  it('is reproducible from its seed and different for another seed', () => {
    const again = script(scenario);
    const wire = (steps: VapiCallScript['steps']) => steps.map((step) => JSON.stringify(step.build(SLOT_RESULTS)));
    expect(wire(again.steps)).toEqual(wire(call.steps));
    expect(script(scenario, { seed: 99 }).identity.callId).not.toBe(call.identity.callId);
    const otherScenario = VAPI_SCENARIO_NAMES.find((name) => name !== scenario)!;
    expect(script(otherScenario).identity.callId).not.toBe(call.identity.callId);
  });
});

function toolNamesOf(messages: VapiMessage[]) {
  return messages.filter((message) => message.type === 'tool-calls').flatMap(toolCallsOf);
}

describe('what each scenario does', () => {
  it('booking: checks availability, then books the first slot the result offered', () => {
    const { messages } = playOnPaper(script('booking'), slotAnswer);
    const calls = toolNamesOf(messages);
    expect(calls.map((call) => call.name)).toEqual(['check_availability', 'book_appointment']);
    expect(calls[1]!.arguments).toMatchObject({ startsAt: '2026-11-24T10:00:00.000Z', patientName: expect.any(String) });
  });

  it('booking: when the slot was just taken, books the next slot the refusal offered', () => {
    const refusal = 'Not booked: that time has just been taken. Next free slots: Tuesday 24 November at 11:30 with Dr Amelia Hart [startsAt=2026-11-24T11:30:00.000Z].';
    const { messages } = playOnPaper(script('booking'), (name) => (name === 'check_availability' ? SLOT_RESULT.result! : refusal));
    const bookings = toolNamesOf(messages).filter((call) => call.name === 'book_appointment');
    expect(bookings.map((call) => call.arguments.startsAt)).toEqual(['2026-11-24T10:00:00.000Z', '2026-11-24T11:30:00.000Z']);
  });

  it('booking: without a slot in the result, the booking cannot be built (or uses a stand-in when allowed)', () => {
    const call = script('booking');
    const book = call.steps.find((step) => step.label === 'tool-calls book_appointment')!;
    const noSlots: ToolResultEntry[] = [{ toolCallId: 'x', name: 'check_availability', result: 'No free slots in the next week.' }];
    expect(() => book.build(noSlots)).toThrow(ScenarioDependencyError);
    const lenient = script('booking', { allowMissingToolResults: true }).steps.find((step) => step.label === 'tool-calls book_appointment')!;
    expect(JSON.stringify(lenient.build([]))).toMatch(/startsAt/);
  });

  it('faq: asks the knowledge base twice and tells the backend while it waits (hang)', () => {
    const { messages } = playOnPaper(script('faq'));
    expect(toolNamesOf(messages).map((call) => call.name)).toEqual(['search_knowledge_base', 'search_knowledge_base']);
    expect(messages.some((message) => message.type === 'hang')).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6])('emergency (seed %i): a red-flag utterance after filler words, an emergency escalation, then a transfer', (seed) => {
    const { messages } = playOnPaper(script('emergency', { seed }));
    const userFinal = messages.map(transcriptOf).find((part) => part?.role === 'user' && part.isFinal)!;
    expect(userFinal.text).toMatch(/\bum\b/);
    expect(userFinal.text).toMatch(/chest pain|can't breathe|anaphylaxis|can't see/);
    const [escalation] = toolNamesOf(messages);
    expect(escalation).toMatchObject({ name: 'escalate_to_staff', arguments: { urgency: 'emergency' } });
    const types = messages.map((message) => message.type);
    expect(types.indexOf('transfer-destination-request')).toBeGreaterThan(types.indexOf('tool-calls'));
    expect(endOfCallReportOf(messages.at(-1)!).endedReason).toBe('assistant-forwarded-call');
  });

  it('medical-advice: a dosing question the assistant declines, then an escalation to staff', () => {
    const { messages } = playOnPaper(script('medical-advice'));
    const parts = messages.map(transcriptOf).filter((part) => part?.isFinal);
    expect(parts[1]).toMatchObject({ role: 'user', text: expect.stringMatching(/ibuprofen|paracetamol|antibiotics|dose/) });
    expect(parts[2]).toMatchObject({ role: 'assistant', text: expect.stringMatching(/can’t give medical advice/) });
    expect(toolNamesOf(messages)).toEqual([expect.objectContaining({ name: 'escalate_to_staff' })]);
  });
});

describe('tool call shapes', () => {
  it.each(TOOL_CALL_SHAPES)('%s is read back to the same calls by the backend parser', (toolCallShape) => {
    const { messages } = playOnPaper(script('booking', { toolCallShape }), slotAnswer);
    const calls = toolNamesOf(messages);
    expect(calls.map((call) => call.name)).toEqual(['check_availability', 'book_appointment']);
    expect(calls[1]!.arguments.startsAt).toBe('2026-11-24T10:00:00.000Z');
  });

  it('varies across a batch of calls when no shape is asked for', () => {
    const shapes = new Set(Array.from({ length: 40 }, (_, seed) => script('faq', { seed }).toolCallShape));
    expect(shapes.size).toBeGreaterThan(3);
  });
});

describe('end-of-call report fields', () => {
  it('carries the legacy top-level summary, transcript and recording when asked', () => {
    const { messages } = playOnPaper(script('faq', { legacyReportFields: true }));
    const body = messages.at(-1)!.body;
    expect(body).toMatchObject({ summary: expect.any(String), transcript: expect.stringMatching(/^AI: /), recordingUrl: expect.stringMatching(/mono\.wav$/) });
  });

  it('lists only the tool calls that were made, with their results', () => {
    const { messages } = playOnPaper(script('booking'), slotAnswer);
    const entries = (messages.at(-1)!.body.artifact as { messages: { role: string; result?: string }[] }).messages;
    expect(entries.filter((entry) => entry.role === 'tool_calls')).toHaveLength(2);
    expect(entries.find((entry) => entry.role === 'tool_call_result')!.result).toBe(SLOT_RESULT.result);
  });
});

describe('resultTokens', () => {
  it('reads the [key=value] tokens of a tool result in order', () => {
    expect(resultTokens(SLOT_RESULT.result, 'startsAt')).toEqual(['2026-11-24T10:00:00.000Z', '2026-11-24T10:45:00.000Z']);
    expect(resultTokens('Booked. [appointmentId=abc-123]', 'appointmentId')).toEqual(['abc-123']);
    expect(resultTokens(undefined, 'startsAt')).toEqual([]);
  });
});
