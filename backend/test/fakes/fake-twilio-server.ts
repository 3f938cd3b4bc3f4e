import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the fake Twilio API stored it. */
export type FakeTwilioMessage = {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  statusCallback: string | null;
  errorCode: number | null;
  dateCreated: Date;
};

type Failure = { status: number; code: number; message: string };

export type FakeTwilioServer = {
  url: string;
  accountSid: string;
  authToken: string;
  /** Every message accepted, in order. */
  messages: FakeTwilioMessage[];
  /** Requests to the Messages create endpoint, accepted or not. */
  createRequests: number;
  /** The next `count` creates answer with this error (nothing is stored). */
  failNextCreates(count: number, failure: Failure): void;
  /**
   * The next create is stored (Twilio has it) but never answered: `accepted` resolves once it is
   * stored, and the socket stays open until the server closes. A worker killed now has sent the
   * text without learning its SID.
   */
  holdNextCreate(): { accepted: Promise<FakeTwilioMessage> };
  /** The next create is stored, then its connection is reset before the answer. */
  resetNextCreate(): void;
  setStatus(sid: string, status: string, errorCode?: number): void;
  close(): Promise<void>;
};

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function toJson(accountSid: string, message: FakeTwilioMessage): Record<string, unknown> {
  return {
    sid: message.sid,
    account_sid: accountSid,
    to: message.to,
    from: message.from,
    body: message.body,
    status: message.status,
    num_segments: '1',
    num_media: '0',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    price: null,
    price_unit: 'USD',
    error_code: message.errorCode,
    error_message: null,
    messaging_service_sid: null,
    date_created: rfc2822(message.dateCreated),
    date_updated: rfc2822(message.dateCreated),
    date_sent: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    subresource_uris: {},
  };
}

/**
 * A small stand-in for Twilio's Messages API (2010-04-01) that the official `twilio` client
 * talks to through `client.api.baseUrl`: create, list (To/From filter, newest first) and fetch,
 * with HTTP basic auth by account SID and auth token, and Twilio's error body shape.
 */
export async function startFakeTwilioServer(): Promise<FakeTwilioServer> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: FakeTwilioMessage[] = [];
  const failures: Failure[] = [];
  const held: { resolve: (message: FakeTwilioMessage) => void }[] = [];
  const heldSockets = new Set<http.ServerResponse>();
  let resetsPending = 0;
  const base = `/2010-04-01/Accounts/${accountSid}`;

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function error(res: http.ServerResponse, failure: Failure): void {
    sendJson(res, failure.status, { code: failure.code, message: failure.message, more_info: `https://www.twilio.com/docs/errors/${failure.code}`, status: failure.status });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        error(res, { status: 401, code: 20003, message: 'Authenticate' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method === 'POST' && url.pathname === `${base}/Messages.json`) {
        fake.createRequests += 1;
        const failure = failures.shift();
        if (failure) {
          error(res, failure);
          return;
        }
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const message: FakeTwilioMessage = {
          sid: `SM${randomBytes(16).toString('hex')}`,
          to: form.get('To') ?? '',
          from: form.get('From') ?? '',
          body: form.get('Body') ?? '',
          status: 'queued',
          statusCallback: form.get('StatusCallback'),
          errorCode: null,
          dateCreated: new Date(),
        };
        messages.push(message);
        const hold = held.shift();
        if (hold) {
          heldSockets.add(res);
          hold.resolve(message);
          return;
        }
        if (resetsPending > 0) {
          resetsPending -= 1;
          req.socket.destroy();
          return;
        }
        sendJson(res, 201, toJson(accountSid, message));
        return;
      }
      if (req.method === 'GET' && url.pathname === `${base}/Messages.json`) {
        const to = url.searchParams.get('To');
        const from = url.searchParams.get('From');
        const pageSize = Number(url.searchParams.get('PageSize') ?? '50');
        const matching = messages
          .filter((message) => (!to || message.to === to) && (!from || message.from === from))
          .reverse()
          .slice(0, pageSize);
        sendJson(res, 200, {
          messages: matching.map((message) => toJson(accountSid, message)),
          end: matching.length - 1,
          first_page_uri: `${base}/Messages.json?PageSize=${pageSize}&Page=0`,
          next_page_uri: null,
          page: 0,
          page_size: pageSize,
          previous_page_uri: null,
          start: 0,
          uri: `${base}/Messages.json?PageSize=${pageSize}&Page=0`,
        });
        return;
      }
      const fetchMatch = url.pathname.match(new RegExp(`^${base}/Messages/(SM[0-9a-f]{32})\\.json$`));
      if (req.method === 'GET' && fetchMatch) {
        const message = messages.find((candidate) => candidate.sid === fetchMatch[1]);
        if (!message) error(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
        else sendJson(res, 200, toJson(accountSid, message));
        return;
      }
      error(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTwilioServer = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    createRequests: 0,
    failNextCreates(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    holdNextCreate() {
      return { accepted: new Promise<FakeTwilioMessage>((resolve) => held.push({ resolve })) };
    },
    resetNextCreate() {
      resetsPending += 1;
    },
    setStatus(sid, status, errorCode) {
      const message = messages.find((candidate) => candidate.sid === sid);
      if (!message) throw new Error(`no fake message ${sid}`);
      message.status = status;
      message.errorCode = errorCode ?? null;
    },
    async close() {
      for (const res of heldSockets) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
