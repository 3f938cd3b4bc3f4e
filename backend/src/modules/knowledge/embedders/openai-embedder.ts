import type OpenAI from 'openai';
import { createOpenAiClient, describeOpenAiFailure } from '../../../platform/openai/openai-client';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder';

export type OpenAiEmbedderOptions = {
  apiKey: string;
  baseUrl?: string;
  model?: string;
  dimensions?: number;
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
  logger: Logger;
};

const DEFAULT_MODEL = 'text-embedding-3-small';
// The API takes at most 2,048 inputs per request.
const MAX_BATCH_SIZE = 2048;
// text-embedding-3 reads at most 8,191 tokens per input and 300,000 per request. Tokens are
// estimated as characters / 4, which is close for English and errs short for other scripts.
const CHARS_PER_TOKEN = 4;
const MAX_INPUT_CHARS = 8_000 * CHARS_PER_TOKEN;
const MAX_REQUEST_CHARS = 250_000 * CHARS_PER_TOKEN;

/** Embeddings from the OpenAI API (or any server speaking it at `baseUrl`). */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const model = options.model ?? DEFAULT_MODEL;
  const dimensions = options.dimensions ?? EMBEDDING_DIMENSIONS;
  const batchSize = options.batchSize ?? 96;
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`Embedding dimensions must be a positive integer, got ${dimensions}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new Error(`Embedding batch size must be between 1 and ${MAX_BATCH_SIZE}, got ${batchSize}`);
  }
  const logger = options.logger.child({ component: 'openai-embedder', model });

  const client = createOpenAiClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    maxRetries: options.maxRetries ?? 4,
    timeoutMs: options.timeoutMs ?? 20_000,
    logger,
  });

  async function embedBatch(batch: string[]): Promise<number[][]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await client.embeddings.create({ model, input: batch, dimensions, encoding_format: 'float' });
    } catch (error) {
      throw toUpstreamError(error, options.apiKey, logger);
    }
    // The API does not promise that `data` comes back in input order; `index` is authoritative.
    const vectors: number[][] = new Array<number[]>(batch.length);
    for (const item of response.data) {
      const isKnownIndex = Number.isInteger(item.index) && item.index >= 0 && item.index < batch.length;
      if (!isKnownIndex || vectors[item.index]) throw malformed(logger, `unexpected index ${item.index}`);
      if (!Array.isArray(item.embedding) || item.embedding.length !== dimensions) {
        const length = Array.isArray(item.embedding) ? item.embedding.length : typeof item.embedding;
        throw malformed(logger, `vector of ${length} dimensions, expected ${dimensions}`);
      }
      vectors[item.index] = item.embedding;
    }
    if (response.data.length !== batch.length) throw malformed(logger, `${response.data.length} vectors for ${batch.length} inputs`);
    return vectors;
  }

  return {
    model,
    dimensions,
    isLocal: false,
    async embed(texts) {
      if (texts.some((text) => !text.trim())) throw new AppError('INVALID_INPUT', 'Cannot embed empty text');
      const vectors: number[][] = [];
      for (const batch of toBatches(texts.map(truncateForModel), batchSize)) {
        vectors.push(...(await embedBatch(batch)));
      }
      return vectors;
    },
  };
}

function truncateForModel(text: string): string {
  if (text.length <= MAX_INPUT_CHARS) return text;
  // Do not split a surrogate pair: a lone surrogate is invalid in the JSON the API parses.
  const end = /[\uD800-\uDBFF]/.test(text[MAX_INPUT_CHARS - 1]!) ? MAX_INPUT_CHARS - 1 : MAX_INPUT_CHARS;
  return text.slice(0, end);
}

/** Consecutive batches of at most `batchSize` inputs and about 250k tokens each, in input order. */
function toBatches(texts: readonly string[], batchSize: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let currentChars = 0;
  for (const text of texts) {
    if (current.length === batchSize || (current.length > 0 && currentChars + text.length > MAX_REQUEST_CHARS)) {
      batches.push(current);
      current = [];
      currentChars = 0;
    }
    current.push(text);
    currentChars += text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function malformed(logger: Logger, problem: string): AppError {
  logger.warn('Embedding provider returned a malformed response', { problem });
  return new AppError('UPSTREAM_FAILED', `Embedding provider failed: malformed response (${problem})`);
}

/**
 * The SDK's messages can carry provider text that quotes (a masked part of) the key, so callers
 * only get the status; the log gets the provider's message with the key scrubbed.
 */
function toUpstreamError(error: unknown, apiKey: string, logger: Logger): AppError {
  const failure = describeOpenAiFailure(error, apiKey);
  logger.warn('Embedding request failed', {
    errorName: failure.errorName,
    status: failure.status,
    errorCode: failure.code,
    errorType: failure.type,
    requestId: failure.requestId,
    providerMessage: failure.providerMessage,
  });
  return new AppError('UPSTREAM_FAILED', `Embedding provider failed: ${failure.reason}`);
}
