import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Vapi's HTTP API that `@vapi-ai/server-sdk` calls for
 * assistant sync: `POST /assistant`, `GET|PATCH /assistant/:id`, `GET|PATCH /phone-number/:id`,
 * Bearer auth. It keeps what it was sent (assistants and phone numbers merge PATCH bodies like
 * Vapi does) and can fail chosen requests or drop connections.
 */

export type RecordedVapiRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };

export type FakePhoneNumber = { id: string; provider: string; number: string; [key: string]: unknown };

export type InjectedFailure = {
  /** e.g. `PATCH /assistant` matches `PATCH /assistant/<id>`; any request when omitted. */
  route?: string;
  /** HTTP status to answer, or `'drop'` to destroy the connection (a network error). */
  status: number | 'drop';
  body?: unknown;
  /** How many matching requests fail; 1 by default. */
  times?: number;
};

export type FakeVapiServer = {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Every request received, in order, failed ones included. */
  readonly requests: RecordedVapiRequest[];
  readonly assistants: Map<string, Record<string, unknown>>;
  readonly phoneNumbers: Map<string, FakePhoneNumber>;
  addPhoneNumber(phoneNumber: FakePhoneNumber): void;
  failNext(failure: InjectedFailure): void;
  /** Requests whose `METHOD /path` starts with `route`, e.g. `requestsTo('POST /assistant')`. */
  requestsTo(route: string): RecordedVapiRequest[];
  reset(): void;
  close(): Promise<void>;
};

type Reply = { status: number; body: unknown };

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function notFound(what: string): Reply {
  return { status: 404, body: { message: `${what} not found`, error: 'Not Found', statusCode: 404 } };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function startFakeVapiServer(options: { apiKey?: string } = {}): Promise<FakeVapiServer> {
  const apiKey = options.apiKey ?? 'vapi-test-key';
  const requests: RecordedVapiRequest[] = [];
  const assistants = new Map<string, Record<string, unknown>>();
  const phoneNumbers = new Map<string, FakePhoneNumber>();
  let failures: (InjectedFailure & { left: number })[] = [];

  function route(request: RecordedVapiRequest): Reply {
    const now = new Date().toISOString();
    const [, resource, id, ...rest] = request.path.split('/');
    if (rest.length > 0) return notFound('Route');
    if (resource === 'assistant' && !id && request.method === 'POST') {
      const assistant = { ...asObject(request.body), id: randomUUID(), orgId: 'org_fake', createdAt: now, updatedAt: now };
      assistants.set(assistant.id, assistant);
      return { status: 201, body: assistant };
    }
    if (resource === 'assistant' && id) {
      const existing = assistants.get(id);
      if (!existing) return notFound('Assistant');
      if (request.method === 'GET') return { status: 200, body: existing };
      if (request.method === 'PATCH') {
        const updated = { ...existing, ...asObject(request.body), id, updatedAt: now };
        assistants.set(id, updated);
        return { status: 200, body: updated };
      }
    }
    if (resource === 'phone-number' && id) {
      const existing = phoneNumbers.get(id);
      if (!existing) return notFound('Phone number');
      if (request.method === 'GET') return { status: 200, body: existing };
      if (request.method === 'PATCH') {
        const body = asObject(request.body);
        if (body.provider !== existing.provider) {
          return { status: 400, body: { message: ['provider must match the phone number'], error: 'Bad Request', statusCode: 400 } };
        }
        const updated: FakePhoneNumber = { ...existing, ...body, id, updatedAt: now };
        phoneNumbers.set(id, updated);
        return { status: 200, body: updated };
      }
    }
    return notFound('Route');
  }

  function takeFailure(request: RecordedVapiRequest): InjectedFailure | undefined {
    const key = `${request.method} ${request.path}`;
    const failure = failures.find((candidate) => candidate.left > 0 && (!candidate.route || key.startsWith(candidate.route)));
    if (!failure) return undefined;
    failure.left -= 1;
    failures = failures.filter((candidate) => candidate.left > 0);
    return failure;
  }

  function send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body ?? {}));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const request: RecordedVapiRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: parseJson(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        send(res, { status: 401, body: { message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.', statusCode: 401 } });
        return;
      }
      const failure = takeFailure(request);
      if (failure?.status === 'drop') {
        res.socket?.destroy();
        return;
      }
      if (failure) {
        send(res, { status: failure.status, body: failure.body ?? { message: 'Injected failure', statusCode: failure.status } });
        return;
      }
      send(res, route(request));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    assistants,
    phoneNumbers,
    addPhoneNumber(phoneNumber) {
      phoneNumbers.set(phoneNumber.id, phoneNumber);
    },
    failNext(failure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    requestsTo(prefix) {
      return requests.filter((request) => `${request.method} ${request.path}`.startsWith(prefix));
    },
    reset() {
      requests.length = 0;
      assistants.clear();
      phoneNumbers.clear();
      failures = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
