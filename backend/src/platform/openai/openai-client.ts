import OpenAI from 'openai';
import type { Logger } from '../logger';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The official SDK client as every adapter builds it. Every option is explicit so the SDK does
 * not fall back to OPENAI_* environment variables (configuration is read in one place,
 * config.ts). The SDK retries 408/409/429/5xx and connection failures itself, honouring
 * retry-after(-ms) and backing off exponentially.
 */
export function createOpenAiClient(options: {
  apiKey: string;
  baseUrl: string | undefined;
  maxRetries: number;
  timeoutMs: number;
  logger: Logger;
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    organization: null,
    project: null,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    logger: options.logger,
    logLevel: 'warn',
  });
}
