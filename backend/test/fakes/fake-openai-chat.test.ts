import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'search_knowledge_base',
      description: "Searches the clinic's knowledge base",
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  },
  {
    type: 'function',
    function: { name: 'escalate_to_staff', parameters: { type: 'object', properties: { reason: { type: 'string' } } } },
  },
];

let fake: FakeOpenAiServer;
let client: OpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAiServer();
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseUrl, maxRetries: 0 });
});

afterEach(() => fake.close());

describe('fake OpenAI server: chat completions through the openai SDK', () => {
  it('answers a scripted text reply in the real response shape', async () => {
    fake.queueChatReply({ content: 'We are open 9 to 6 on weekdays.' });

    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are the receptionist.' },
        { role: 'user', content: 'When are you open?' },
      ],
    });

    expect(completion).toMatchObject({
      id: 'chatcmpl-fake-1',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'We are open 9 to 6 on weekdays.' }, finish_reason: 'stop' }],
    });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    expect(typeof completion.created).toBe('number');
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(fake.chatRequests()).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini', messages: [expect.objectContaining({ role: 'system' }), expect.objectContaining({ role: 'user', content: 'When are you open?' })] }),
    ]);
  });

  it('plays a tool loop: tool calls out, tool results recorded in the next request, then text', async () => {
    fake.queueChatReply(
      {
        toolCalls: [
          { name: 'search_knowledge_base', arguments: { query: 'lip filler price' } },
          { name: 'escalate_to_staff', arguments: { reason: 'wants a human' }, id: 'call_custom' },
        ],
      },
      { content: 'Lip filler is £280, and I have let the team know.' },
    );
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'How much is lip filler? And can someone call me?' }];

    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const toolCalls = choice.message.tool_calls ?? [];
    expect(toolCalls).toEqual([
      { id: 'call_fake_1', type: 'function', function: { name: 'search_knowledge_base', arguments: '{"query":"lip filler price"}' } },
      { id: 'call_custom', type: 'function', function: { name: 'escalate_to_staff', arguments: '{"reason":"wants a human"}' } },
    ]);

    messages.push(choice.message);
    for (const call of toolCalls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: call.id === 'call_fake_1' ? 'Lip filler: £280 (1 ml)' : 'escalated' });
    }
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    expect(second.choices[0]!.message.content).toBe('Lip filler is £280, and I have let the team know.');

    const [, sent] = fake.chatRequests();
    expect(sent!.messages.slice(1)).toEqual([
      expect.objectContaining({ role: 'assistant', tool_calls: toolCalls }),
      { role: 'tool', tool_call_id: 'call_fake_1', content: 'Lip filler: £280 (1 ml)' },
      { role: 'tool', tool_call_id: 'call_custom', content: 'escalated' },
    ]);
    expect(sent!.tools?.map((tool) => tool.function.name)).toEqual(['search_knowledge_base', 'escalate_to_staff']);
  });

  it('sends malformed arguments as scripted, for tests of argument parsing', async () => {
    fake.queueChatReply({ toolCalls: [{ name: 'search_knowledge_base', arguments: '{"query": ' }] });
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools });
    expect(completion.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { arguments: '{"query": ' } });
  });

  it('refuses, like the API, a tool call left without its tool result', async () => {
    fake.queueChatReply({ content: 'never sent' });
    const request = client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools,
      messages: [
        { role: 'user', content: 'Price?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search_knowledge_base', arguments: '{}' } }] },
        { role: 'user', content: 'Hello?' },
      ],
    });
    await expect(request).rejects.toMatchObject({ status: 400, message: expect.stringContaining('call_1') });

    const orphan = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Price?' },
        { role: 'tool', tool_call_id: 'call_unknown', content: 'x' },
      ],
    });
    await expect(orphan).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('fails loudly when nothing is scripted, or a scripted tool was not offered', async () => {
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('no chat completion scripted'),
    });
    fake.queueChatReply({ toolCalls: [{ name: 'book_appointment', arguments: {} }] });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('book_appointment'),
    });
  });

  it('keeps the scripted reply for the retry after a transient failure', async () => {
    const retryingClient = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseUrl, maxRetries: 2 });
    fake.failNext(1, 503);
    fake.queueChatReply({ content: 'after retry' });
    const completion = await retryingClient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('after retry');
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('rejects a wrong API key before anything else', async () => {
    fake.queueChatReply({ content: 'unused' });
    const stranger = new OpenAI({ apiKey: 'sk-wrong-key-1234', baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(stranger.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    // The scripted reply is still there for the next authorised request.
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('unused');
  });
});
