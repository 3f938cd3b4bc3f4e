import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createChatCompletion,
  createFakeChatState,
  type ChatRequestBody,
  type FakeChatState,
  type ScriptedChatReply,
} from './fake-openai-chat';

export type { ChatMessage, ChatRequestBody, ScriptedChatReply, ScriptedToolCall } from './fake-openai-chat';

/**
 * A local stand-in for the OpenAI HTTP API, used to test the real `openai` SDK adapters:
 * a real server on 127.0.0.1 answering the same paths and JSON shapes, with switches for the
 * failures worth testing. New endpoints are one more entry in `routes` plus a handler; chat
 * completions (scripted replies, tool calls) live in `fake-openai-chat.ts`.
 */

export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };
type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type RouteHandler = (request: RecordedRequest, state: FakeState) => Reply;

type FakeState = {
  /** Embedding responses still to answer with vectors one element short. */
  wrongDimensionsLeft: number;
  /** Embedding responses still to answer with `data` in reverse order. */
  reversedOrderLeft: number;
  /** Scripted chat completion replies, answered in order. */
  chat: FakeChatState;
};

type CountdownKey = 'wrongDimensionsLeft' | 'reversedOrderLeft';

export type FakeOpenAiServer = {
  /** What the SDK takes as `baseURL`, including `/v1`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Every request received, in order, failed ones included. */
  readonly requests: RecordedRequest[];
  /** Answers the next `count` requests with `status` (429 or 5xx), telling the client to retry after 1 ms. */
  failNext(count: number, status: number): void;
  /** Answers the next `count` embedding requests with vectors of the wrong length. */
  returnWrongDimensionsNext(count?: number): void;
  /** Answers the next `count` embedding requests with `data` reversed (the API does not promise order). */
  returnOutOfOrderNext(count?: number): void;
  /** Requests to one path, e.g. `requestsTo('/v1/embeddings')`. */
  requestsTo(path: string): RecordedRequest[];
  /** Queues the replies of the next chat completions, in order; an unscripted request gets a 400. */
  queueChatReply(...replies: ScriptedChatReply[]): void;
  /** Bodies of every chat completion request received, in order, failed ones included (to assert what a tool loop sent back). */
  chatRequests(): ChatRequestBody[];
  close(): Promise<void>;
};

const DEFAULT_DIMENSIONS = 1536;

const routes: Record<string, RouteHandler> = {
  'POST /v1/embeddings': createEmbeddings,
  'POST /v1/chat/completions': (request, state) => createChatCompletion(request.body, state.chat, apiError),
};

export async function startFakeOpenAiServer(options: { apiKey?: string } = {}): Promise<FakeOpenAiServer> {
  const apiKey = options.apiKey ?? 'sk-test-fake-openai-key';
  const requests: RecordedRequest[] = [];
  const state: FakeState = { wrongDimensionsLeft: 0, reversedOrderLeft: 0, chat: createFakeChatState() };
  const failures: number[] = [];
  let requestCount = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: parseJson(raw) };
      requests.push(request);
      requestCount += 1;
      const reply = answer(request);
      send(res, reply, `req_fake_${requestCount}`);
    });
  });

  function answer(request: RecordedRequest): Reply {
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      const presented = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      // The real API echoes a masked form of a wrong key; adapters must not pass even that on.
      return apiError(401, `Incorrect API key provided: ${presented.slice(0, 3)}***${presented.slice(-4)}.`, 'invalid_api_key');
    }
    const failureStatus = failures.shift();
    if (failureStatus !== undefined) {
      const message = failureStatus === 429 ? 'Rate limit reached for requests' : 'The server had an error while processing your request.';
      return { ...apiError(failureStatus, message, failureStatus === 429 ? 'rate_limit_exceeded' : null), headers: { 'retry-after-ms': '1' } };
    }
    const route = routes[`${request.method} ${request.path}`];
    if (!route) return apiError(404, `Unknown request URL: ${request.method} ${request.path}.`, 'unknown_url');
    if (request.body === undefined) return apiError(400, 'We could not parse the JSON body of your request.', null);
    return route(request, state);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failNext(count, status) {
      failures.push(...Array.from({ length: count }, () => status));
    },
    returnWrongDimensionsNext(count = 1) {
      state.wrongDimensionsLeft += count;
    },
    returnOutOfOrderNext(count = 1) {
      state.reversedOrderLeft += count;
    },
    requestsTo(path) {
      return requests.filter((request) => request.path === path);
    },
    queueChatReply(...replies) {
      state.chat.replies.push(...replies);
    },
    chatRequests() {
      return requests
        .filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions')
        .map((request) => request.body as ChatRequestBody);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The vector the fake returns for `text`: deterministic, unit length, different for different texts. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && vector.length < dimensions; offset += 2) {
      vector.push(digest.readUInt16BE(offset) / 32_767.5 - 1);
    }
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function createEmbeddings(request: RecordedRequest, state: FakeState): Reply {
  const body = request.body as { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (typeof body.model !== 'string' || !body.model) return apiError(400, "'model' is required.", null);
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048) {
    return apiError(400, "'input' must be a string or an array of 1 to 2048 strings.", null);
  }
  if (!inputs.every((input): input is string => typeof input === 'string' && input.length > 0)) {
    return apiError(400, "'input' cannot contain empty strings.", null);
  }
  if (body.dimensions !== undefined && !(Number.isInteger(body.dimensions) && (body.dimensions as number) > 0)) {
    return apiError(400, "'dimensions' must be a positive integer.", null);
  }
  const dimensions = (body.dimensions as number | undefined) ?? DEFAULT_DIMENSIONS;
  const isWrongDimensions = takeOne(state, 'wrongDimensionsLeft');
  const data = inputs.map((input, index) => {
    const vector = fakeEmbedding(input, isWrongDimensions ? dimensions - 1 : dimensions);
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  if (takeOne(state, 'reversedOrderLeft')) data.reverse();
  const promptTokens = inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0);
  return {
    status: 200,
    body: { object: 'list', data, model: body.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
  };
}

function takeOne(state: FakeState, key: CountdownKey): boolean {
  if (state[key] <= 0) return false;
  state[key] -= 1;
  return true;
}

function apiError(status: number, message: string, code: string | null, param: string | null = null): Reply {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { status, body: { error: { message, type, param, code } } };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply, requestId: string): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
    ...reply.headers,
  });
  res.end(payload);
}
