import { Writable } from 'node:stream';
import { AppError } from '../../../platform/errors';
import { createLogger } from '../../../platform/logger';
import { fakeEmbedding, startFakeOpenAiServer, type FakeOpenAiServer } from '../../../../test/fakes/fake-openai-server';
import { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './openai-embedder';

let fake: FakeOpenAiServer;
let logLines: string[];

beforeEach(async () => {
  fake = await startFakeOpenAiServer();
  logLines = [];
});

afterEach(async () => {
  await fake.close();
});

function embedderFor(overrides: Partial<OpenAiEmbedderOptions> = {}) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  });
  return createOpenAiEmbedder({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, logger: createLogger({ level: 'debug', stream }), ...overrides });
}

async function embedError(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const texts = (count: number) => Array.from({ length: count }, (_, index) => `Chunk ${index}: lip filler aftercare`);

describe('OpenAI embedder', () => {
  it('sends batches of 96 through the SDK and returns vectors in input order', async () => {
    const inputs = texts(250);
    const vectors = await embedderFor().embed(inputs);

    const requests = fake.requestsTo('/v1/embeddings');
    expect(requests.map((request) => (request.body as { input: string[] }).input.length)).toEqual([96, 96, 58]);
    expect(requests.flatMap((request) => (request.body as { input: string[] }).input)).toEqual(inputs);
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
      expect(request.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 512, encoding_format: 'float' });
    }
    expect(vectors).toHaveLength(250);
    expect(vectors[0]).toEqual(fakeEmbedding(inputs[0]!, 512));
    expect(vectors[249]).toEqual(fakeEmbedding(inputs[249]!, 512));
  });

  it('asks for the configured model and dimensions and reports them', async () => {
    const embedder = embedderFor({ model: 'text-embedding-3-large', dimensions: 256, batchSize: 10 });
    expect(embedder).toMatchObject({ model: 'text-embedding-3-large', dimensions: 256 });
    const [vector] = await embedder.embed(['Botox']);
    expect(vector).toHaveLength(256);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'text-embedding-3-large', dimensions: 256 });
  });

  it('puts vectors back in input order when the response is not', async () => {
    fake.returnOutOfOrderNext();
    const inputs = texts(5);
    const vectors = await embedderFor().embed(inputs);
    expect(vectors).toEqual(inputs.map((input) => fakeEmbedding(input, 512)));
  });

  it('retries rate limits and server errors through the SDK, then succeeds', async () => {
    fake.failNext(1, 429);
    fake.failNext(1, 503);
    const vectors = await embedderFor().embed(['Hours']);
    expect(vectors).toEqual([fakeEmbedding('Hours', 512)]);
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with UPSTREAM_FAILED and the status', async () => {
    fake.failNext(10, 500);
    const error = await embedError(embedderFor({ maxRetries: 2 }).embed(['Hours']));
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', status: 502, message: 'Embedding provider failed: 500' });
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a rejected key and never passes the key on', async () => {
    const wrongKey = 'sk-proj-wrong-key-0123456789abcdef';
    const error = await embedError(embedderFor({ apiKey: wrongKey }).embed(['Hours']));
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', message: 'Embedding provider failed: 401' });
    expect(fake.requests).toHaveLength(1);
    const surfaces = [error.message, String(error.stack), JSON.stringify(error), String(error.cause), logLines.join('\n')];
    for (const surface of surfaces) {
      expect(surface).not.toContain(wrongKey);
      expect(surface).not.toContain('cdef');
    }
    expect(logLines.join('\n')).toContain('Embedding request failed');
  });

  it('refuses vectors of the wrong dimension', async () => {
    fake.returnWrongDimensionsNext();
    const error = await embedError(embedderFor().embed(['Hours']));
    expect(error.code).toBe('UPSTREAM_FAILED');
    expect(error.message).toMatch(/^Embedding provider failed: .*511 dimensions, expected 512/);
  });

  it('reports an unreachable provider', async () => {
    const stopped = await startFakeOpenAiServer();
    await stopped.close();
    const embedder = embedderFor({ baseUrl: stopped.baseUrl, maxRetries: 0 });
    expect(await embedError(embedder.embed(['Hours']))).toMatchObject({ code: 'UPSTREAM_FAILED', message: 'Embedding provider failed: unreachable' });
  });

  it('embeds nothing without a request', async () => {
    await expect(embedderFor().embed([])).resolves.toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('truncates inputs longer than the model reads', async () => {
    await embedderFor().embed(['a'.repeat(40_000), 'short']);
    const input = (fake.requests[0]!.body as { input: string[] }).input;
    expect(input.map((text) => text.length)).toEqual([32_000, 5]);
  });

  it('refuses empty texts before calling the provider', async () => {
    expect(await embedError(embedderFor().embed(['Hours', '  ']))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(fake.requests).toHaveLength(0);
  });
});
