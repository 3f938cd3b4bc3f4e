import { endOfCallReportOf, parseVapiMessage, toolCallsOf, transcriptOf, vapiIdempotencyKey, type VapiMessage } from './vapi.messages';

function parse(message: Record<string, unknown>): VapiMessage {
  const result = parseVapiMessage({ message });
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

describe('Vapi server messages as Vapi sends them', () => {
  it('rejects a body without message.type', () => {
    expect(parseVapiMessage({})).toEqual({ ok: false, reason: expect.any(String) });
    expect(parseVapiMessage({ message: { type: '' } }).ok).toBe(false);
    expect(parseVapiMessage('nonsense').ok).toBe(false);
  });

  it('reads the call, the called number and the caller, with any of them missing', () => {
    const message = parse({
      type: 'status-update',
      timestamp: 1_763_000_000_000,
      call: { id: 'c1', type: 'inboundPhoneCall', phoneNumberId: 'pn_1', customer: { number: '+447700900001' }, startedAt: '2026-11-22T10:00:00.000Z' },
      phoneNumber: { number: '+442079460000' },
      assistant: { metadata: { clinicId: 'clinic-1' } },
    });
    expect(message.call).toMatchObject({ id: 'c1', phoneNumberId: 'pn_1', customerNumber: '+447700900001', startedAt: new Date('2026-11-22T10:00:00.000Z') });
    expect(message.calledNumber).toBe('+442079460000');
    expect(message.metadataClinicId).toBe('clinic-1');
    expect(parse({ type: 'hang' }).call).toEqual(expect.objectContaining({ id: undefined, customerNumber: undefined }));
  });

  it('reads both transcript type spellings, and defaults a spelled-out final', () => {
    const plain = parse({ type: 'transcript', role: 'user', transcriptType: 'partial', transcript: 'I would' });
    const spelled = parse({ type: 'transcript[transcriptType="final"]', role: 'assistant', transcript: 'Hello there' });
    expect(plain.type).toBe('transcript');
    expect(spelled.type).toBe('transcript');
    expect(transcriptOf(plain)).toEqual({ role: 'user', isFinal: false, text: 'I would' });
    expect(transcriptOf(spelled)).toEqual({ role: 'assistant', isFinal: true, text: 'Hello there' });
    expect(transcriptOf(parse({ type: 'transcript', role: 'user', transcript: '   ' }))).toBeUndefined();
  });

  it('keys a transcript the same whichever spelling delivered it', () => {
    const fields = { role: 'user', transcriptType: 'final', transcript: 'Yes please', timestamp: 5, call: { id: 'c1' } };
    const body = Buffer.from('{}');
    expect(vapiIdempotencyKey(parse({ type: 'transcript', ...fields }), body)).toBe(
      vapiIdempotencyKey(parse({ type: 'transcript[transcriptType="final"]', ...fields }), body),
    );
    expect(vapiIdempotencyKey(parse({ type: 'transcript', ...fields, timestamp: 6 }), body)).not.toBe(vapiIdempotencyKey(parse({ type: 'transcript', ...fields }), body));
  });

  it('reads every tool-call shape, in order, with string or object arguments', () => {
    const message = parse({
      type: 'tool-calls',
      toolCallList: [
        { id: 'a', type: 'function', function: { name: 'search_knowledge_base', arguments: '{"query":"prices"}' } },
        { id: 'b', name: 'check_availability', parameters: { service: 'peel' } },
        { id: 'c', name: 'lookup_patient', arguments: { phone: '+447700900001' } },
        { id: 'd', function: { name: 'take_message', arguments: '{not json' } },
        { name: 'no id is skipped' },
      ],
    });
    expect(toolCallsOf(message)).toEqual([
      { id: 'a', name: 'search_knowledge_base', arguments: { query: 'prices' } },
      { id: 'b', name: 'check_availability', arguments: { service: 'peel' } },
      { id: 'c', name: 'lookup_patient', arguments: { phone: '+447700900001' } },
      { id: 'd', name: 'take_message', arguments: {}, argumentsError: expect.any(String) },
    ]);
  });

  it('falls back to toolCalls, then to toolWithToolCallList', () => {
    expect(toolCallsOf(parse({ type: 'tool-calls', toolCalls: [{ id: 'x', function: { name: 'lookup_patient', arguments: {} } }] }))).toEqual([
      { id: 'x', name: 'lookup_patient', arguments: {} },
    ]);
    const listed = parse({
      type: 'tool-calls',
      toolWithToolCallList: [{ type: 'function', function: { name: 'take_message' }, toolCall: { id: 'y', function: { arguments: '{"message":"hi"}' } } }],
    });
    expect(toolCallsOf(listed)).toEqual([{ id: 'y', name: 'take_message', arguments: { message: 'hi' } }]);
  });

  it('reads the end-of-call report from artifact/analysis first, then the legacy top-level fields', () => {
    const current = endOfCallReportOf(
      parse({
        type: 'end-of-call-report',
        endedReason: 'assistant-ended-call',
        startedAt: '2026-11-22T10:00:00.000Z',
        endedAt: '2026-11-22T10:01:30.400Z',
        cost: 0.25,
        summary: 'legacy summary loses',
        artifact: { recordingUrl: 'https://r/mono.wav', stereoRecordingUrl: 'https://r/stereo.wav', transcript: 'AI: hi' },
        analysis: { summary: 'Booked a peel.', structuredData: { outcome: 'booked' }, successEvaluation: true },
      }),
    );
    expect(current).toMatchObject({
      endedReason: 'assistant-ended-call',
      durationSeconds: 90,
      cost: 0.25,
      summary: 'Booked a peel.',
      recordingUrl: 'https://r/mono.wav',
      stereoRecordingUrl: 'https://r/stereo.wav',
      structuredData: { outcome: 'booked' },
      successEvaluation: 'true',
    });
    const legacy = endOfCallReportOf(parse({ type: 'end-of-call-report', summary: 'Old style.', recordingUrl: 'https://r/old.wav', transcript: 'AI: hi', durationSeconds: 12.6 }));
    expect(legacy).toMatchObject({ summary: 'Old style.', recordingUrl: 'https://r/old.wav', transcript: 'AI: hi', durationSeconds: 13 });
  });
});
