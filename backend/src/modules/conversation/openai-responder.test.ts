import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../test/fakes/fake-openai-server';
import { silentLogger } from '../../../test/support/test-db';
import { MEDICAL_DEFLECTION } from '../safety/guardrails';
import { createConversationEngine, type EngineInput } from './conversation.engine';
import type { ClinicProfile, ConversationPorts } from './conversation.ports';
import { createOpenAiResponder } from './openai-responder';

const CLINIC: ClinicProfile = {
  id: 'clinic-1',
  name: 'Demo Aesthetics',
  timezone: 'Europe/London',
  countryCode: 'GB',
  emergencyLine: '+447700900123',
  onCallNumber: '+447700900123',
  safeMode: true,
};

const CHUNKS = [
  { chunkId: 'chunk-price', content: 'Prices > Facials\nA HydraFacial costs £150 and takes 45 minutes.' },
  { chunkId: 'chunk-hours', content: 'Opening hours\nWe are open Monday to Saturday, 9am to 6pm.' },
];

function fakePorts(): ConversationPorts & { searches: string[]; escalations: string[] } {
  const searches: string[] = [];
  const escalations: string[] = [];
  return {
    searches,
    escalations,
    getClinicProfile: async () => CLINIC,
    async searchKnowledge(_clinicId, query, k) {
      searches.push(query);
      const words = query.toLowerCase().match(/[a-z]+/g) ?? [];
      return CHUNKS.filter((chunk) => words.some((word) => word.length > 3 && chunk.content.toLowerCase().includes(word))).slice(0, k);
    },
    listServices: async () => [{ id: 'svc-hydra', name: 'HydraFacial', durationMinutes: 60, priceMinor: 15_000, currency: 'GBP', depositMinor: 0 }],
    findSlots: async () => [],
    book: async () => ({ appointmentId: 'appt-1' }),
    findPatient: async () => undefined,
    cancelAppointment: async () => undefined,
    rescheduleAppointment: async () => undefined,
    async escalate(_clinicId, request) {
      escalations.push(request.kind);
      return { escalationId: `esc-${escalations.length}`, isCreated: true };
    },
  };
}

function input(text: string): EngineInput {
  return { clinicId: CLINIC.id, channel: 'sms', text, history: [], isDryRun: true };
}

describe('OpenAI responder', () => {
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await startFakeOpenAiServer();
  });
  afterEach(() => server.close());

  function engine(ports: ConversationPorts, logger = silentLogger()) {
    const responder = createOpenAiResponder({ apiKey: server.apiKey, baseUrl: server.baseUrl, maxRetries: 1, timeoutMs: 5_000, logger: silentLogger() });
    return createConversationEngine(ports, { responder, logger });
  }

  it('runs a search_knowledge_base tool round trip and cites the chunks the tool returned', async () => {
    const ports = fakePorts();
    server.queueChatReply(
      { toolCalls: [{ name: 'search_knowledge_base', arguments: { query: 'hydrafacial price' }, id: 'call_1' }] },
      { content: 'A HydraFacial is £150 and takes 45 minutes. Would you like to book one?' },
    );
    const output = await engine(ports).respond(input('How much is a HydraFacial?'));

    expect(output.reply).toBe('A HydraFacial is £150 and takes 45 minutes. Would you like to book one?');
    expect(output.citations).toEqual(['chunk-price']);
    expect(ports.searches).toEqual(['hydrafacial price']);

    const requests = server.chatRequests();
    expect(requests).toHaveLength(2);
    const first = requests[0]!;
    expect(first.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('never diagnose') });
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'How much is a HydraFacial?' });
    expect(first.tools?.map((tool) => tool.function.name)).toEqual(['search_knowledge_base', 'check_availability']);
    const toolMessage = requests[1]!.messages.find((message) => message.role === 'tool');
    expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(JSON.parse(toolMessage!.content as string)).toEqual({ results: [{ id: 'chunk-price', content: CHUNKS[0]!.content }] });
  });

  it('passes the model output through the output guardrails', async () => {
    server.queueChatReply({ content: 'For the swelling you can take 400mg of ibuprofen every 8 hours.' });
    const output = await engine(fakePorts()).respond(input('What are your opening hours?'));
    expect(server.chatRequests()).toHaveLength(1);
    expect(output.reply).toBe(MEDICAL_DEFLECTION);
  });

  it('never sends an emergency to the model', async () => {
    const ports = fakePorts();
    const output = await engine(ports).respond(input("I can't breathe and my tongue is swelling"));
    expect(output.intent).toBe('emergency');
    expect(output.reply).toMatch(/999/);
    expect(server.chatRequests()).toEqual([]);
  });

  it('answers locally when the API keeps failing', async () => {
    server.failNext(10, 500);
    const logger = silentLogger();
    const warn = jest.spyOn(logger, 'warn');
    const output = await engine(fakePorts(), logger).respond(input('How much is a HydraFacial?'));
    expect(warn).toHaveBeenCalledWith('LLM responder failed; answering locally', { error: 'LLM request failed: 500' });
    const local = await createConversationEngine(fakePorts()).respond(input('How much is a HydraFacial?'));
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(2);
    expect(output.reply).toBe(local.reply);
    // Locally, a price comes from the services table (what the owner edits), not from the knowledge base.
    expect(output.reply).toContain('£150');
    expect(output.citations).toEqual(local.citations);
  });
});
