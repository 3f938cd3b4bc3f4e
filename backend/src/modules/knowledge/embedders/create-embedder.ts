import type { Config } from '../../../config';
import type { Logger } from '../../../platform/logger';
import type { Embedder } from './embedder';
import { createLocalEmbedder } from './local-embedder';
import { createOpenAiEmbedder } from './openai-embedder';

/** EMBEDDINGS_PROVIDER picks the adapter; config validation guarantees the OpenAI key. */
export function createEmbedder(config: Pick<Config, 'embeddingsProvider' | 'openai'>, logger: Logger): Embedder {
  if (config.embeddingsProvider === 'openai' && config.openai.apiKey) {
    return createOpenAiEmbedder({ apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, logger });
  }
  return createLocalEmbedder();
}
