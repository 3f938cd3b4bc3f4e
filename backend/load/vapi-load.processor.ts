/**
 * Artillery processor of `vapi-calls.yml` (`npm run load` bundles it with esbuild first; run
 * standalone, artillery bundles it itself into `load/dist/`). Every virtual user either watches
 * the clinic's live dashboard socket or plays one whole simulated Vapi call, message by message
 * at the call's own pace — through Node's `http` (`playCall`, the default) or artillery's HTTP
 * engine (the loop steps).
 * Either way the latencies are the `webhook.response_time` and `webhook.<type>` histograms.
 *
 * Roles are handed out by arrival order: the first `watchers` arrivals watch, the next `calls`
 * arrivals call. That needs all virtual users in one process (run-load.ts sets WORKERS=1), which
 * also lets a watcher match a socket event to the webhook that caused it.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createCallSession, type CallSession, type PendingDelivery } from '../src/simulator/vapi-call-session';
import { buildCallScript, isVapiScenarioName, type VapiScenarioName } from '../src/simulator/vapi-scenarios';
import { signVapiRequest, VAPI_AUTH_MODES, type VapiAuthMode } from '../src/simulator/vapi-signing';
import { watchDashboard, type DashboardEvent, type Events } from './dashboard-watcher';

type Vars = Record<string, unknown>;
type Context = { vars: Vars };
type Done = (error?: Error) => void;
type RequestParams = { body?: unknown; json?: unknown; headers?: Record<string, string>; name?: string };
type Response = { statusCode: number; body?: unknown };

/** A call silent this long has lost its virtual user (a request error ends it in the HTTP engine). */
const LOST_CALL_MS = 15_000;

type ActiveCall = {
  session: CallSession;
  startedAtMs: number;
  speed: number;
  pending: PendingDelivery | undefined;
  sentAtMs: number;
  lastActivityMs: number;
  failures: number;
};

const state = {
  watchersJoined: 0,
  callsJoined: 0,
  callsFinished: 0,
  callsExpected: 0,
  activeCalls: new Map<string, ActiveCall>(),
  /** When each transcript webhook was sent: caller's number → `${role}|${final}|${text}` → epoch ms. */
  transcriptSentAt: new Map<string, Map<string, number>>(),
  /** The backend's call id → the caller's number (from `call.started`), to find the webhook behind an event. */
  callerByCallId: new Map<string, string>(),
};

/** Every call has joined, and each has finished or gone silent. */
function areCallsOver(): boolean {
  const now = performance.now();
  return state.callsJoined >= state.callsExpected && [...state.activeCalls.values()].every((call) => now - call.lastActivityMs > LOST_CALL_MS);
}

function text(vars: Vars, name: string, fallback: string): string {
  const value = vars[name];
  return value === undefined || value === null || value === '' ? fallback : String(value);
}

function number(vars: Vars, name: string, fallback: number): number {
  const value = Number(vars[name]);
  return Number.isFinite(value) ? value : fallback;
}

/**
 * The credential each webhook carries: by default `X-Vapi-Secret`, the one our assistant's
 * `server.headers` makes Vapi send; `hmac` or `bearer` exercise the other two.
 */
function authMode(vars: Vars): VapiAuthMode {
  const mode = text(vars, 'auth', 'secret-header');
  if (!(VAPI_AUTH_MODES as readonly string[]).includes(mode)) throw new Error(`unknown auth mode ${mode}`);
  return mode as VapiAuthMode;
}

/** `faq:40,booking:30,…` → a picker driven by the call's index (deterministic mix). */
function scenarioFor(index: number, mix: string): VapiScenarioName {
  const weighted = mix.split(',').flatMap((part) => {
    const [name, weight] = part.split(':');
    return name && isVapiScenarioName(name.trim()) ? [{ name: name.trim() as VapiScenarioName, weight: Number(weight ?? 1) }] : [];
  });
  const total = weighted.reduce((sum, entry) => sum + entry.weight, 0);
  // Golden-ratio stride spreads consecutive calls over the mix instead of running it in blocks.
  let point = ((index * 0.618_033_988_75) % 1) * total;
  for (const entry of weighted) {
    if (point < entry.weight) return entry.name;
    point -= entry.weight;
  }
  return weighted[0]?.name ?? 'faq';
}

function transcriptKey(role: unknown, isFinal: unknown, utterance: unknown): string {
  return `${String(role)}|${isFinal ? 'final' : 'partial'}|${String(utterance)}`;
}

function finishCall(key: string, call: ActiveCall, events: Events): void {
  state.activeCalls.delete(key);
  state.callsFinished += 1;
  events.emit('counter', call.failures === 0 ? 'calls.completed' : 'calls.failed', 1);
  events.emit('histogram', 'calls.duration_s', (performance.now() - call.startedAtMs) / 1_000);
  // Late socket events of this call may still arrive; forget its webhooks a little later.
  const callerNumber = call.session.script.identity.callerNumber;
  setTimeout(() => state.transcriptSentAt.delete(callerNumber), 10_000).unref();
}

/** Times a socket event against the webhook that caused it (transcripts, matched by caller and text). */
function timeAgainstWebhook(event: DashboardEvent, receivedAtMs: number, events: Events): void {
  if (event.type === 'call.started' && event.callId && typeof event.data.from === 'string') state.callerByCallId.set(event.callId, event.data.from);
  if (event.type !== 'transcript' || !event.callId) return;
  const caller = state.callerByCallId.get(event.callId);
  const sentAt = caller ? state.transcriptSentAt.get(caller)?.get(transcriptKey(event.data.role, event.data.final, event.data.text)) : undefined;
  if (sentAt !== undefined) events.emit('histogram', 'webhook_sent_to_socket', receivedAtMs - sentAt);
}

/** First step of every virtual user: become a watcher (and watch) or prepare one call. */
export function joinLoadTest(context: Context, events: Events, done: Done): void {
  const { vars } = context;
  const watchers = number(vars, 'watchers', 3);
  state.callsExpected = number(vars, 'calls', 200);
  // Zero counters exist in the report, so `ensure` conditions on them always resolve.
  for (const name of ['webhook.failed', 'webhook.unbuildable', 'socket.id_regressions', 'socket.watch_timeouts', 'calls.failed']) events.emit('counter', name, 0);
  if (state.watchersJoined < watchers) {
    state.watchersJoined += 1;
    vars.role = 'watcher';
    watchDashboard({
      target: String(vars.target),
      email: text(vars, 'ownerEmail', 'owner@demo.clinic'),
      password: text(vars, 'ownerPassword', 'demo-owner-pass'),
      maxWatchMs: number(vars, 'maxWatchSeconds', 150) * 1_000,
      isOver: areCallsOver,
      onEvent: (event, receivedAtMs) => timeAgainstWebhook(event, receivedAtMs, events),
      events,
    }).then(
      () => done(),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
    return;
  }
  const index = state.callsJoined;
  state.callsJoined += 1;
  const isBaseline = text(vars, 'baseline', 'false') === 'true';
  const script = buildCallScript({
    scenario: scenarioFor(index, text(vars, 'mix', 'faq:40,booking:30,emergency:15,medical-advice:15')),
    calledNumber: text(vars, 'calledNumber', '+442079460000'),
    phoneNumberId: text(vars, 'phoneNumberId', 'pn_demo'),
    // One caller per call (within Ofcom's 1,000 drama numbers) so socket events can be matched to calls.
    callerNumber: `+447700900${String(index % 1_000).padStart(3, '0')}`,
    // Wording and timing repeat with the seed; the call id never does, or a second run against
    // the same backend would be answered as duplicates of the first.
    callId: randomUUID(),
    seed: number(vars, 'seed', 1) * 100_003 + index,
    serverUrl: `${String(vars.target)}/webhooks/vapi`,
    allowMissingToolResults: isBaseline,
  });
  const key = script.identity.callId;
  vars.role = 'caller';
  vars.callKey = key;
  vars.scenario = script.scenario;
  state.activeCalls.set(key, {
    session: createCallSession(script, { checkReplies: !isBaseline }),
    startedAtMs: performance.now(),
    speed: number(vars, 'speed', 1),
    pending: undefined,
    sentAtMs: 0,
    lastActivityMs: performance.now(),
    failures: 0,
  });
  events.emit('counter', `calls.started.${script.scenario}`, 1);
  done();
}

function activeCall(vars: Vars): ActiveCall | undefined {
  return typeof vars.callKey === 'string' ? state.activeCalls.get(vars.callKey) : undefined;
}

/** Loop step: waits until the next message of the call is due. */
export function waitForNextMessage(context: Context, _events: Events, done: Done): void {
  const call = activeCall(context.vars);
  if (!call) return done();
  call.pending = call.session.next();
  call.lastActivityMs = performance.now();
  context.vars.isSending = call.pending !== undefined;
  if (!call.pending || call.speed <= 0) return done();
  const waitMs = call.startedAtMs + call.pending.delivery.dueOffsetMs / call.speed - performance.now();
  if (waitMs <= 0) return done();
  setTimeout(() => done(), waitMs);
}

/** `ifTrue` of the POST: only when a message is waiting (watchers and skipped steps send nothing). */
export function isSending(vars: Vars): boolean {
  return vars.isSending === true;
}

/** `whileTrue` of the loop. */
export function hasMoreMessages(context: Context, next: (isMore: boolean) => void): void {
  const call = activeCall(context.vars);
  next(call !== undefined && call.session.hasNext());
}

/** `transcript-partial`, `transcript-final` (either spelling) or the message type. */
function requestName(pending: PendingDelivery): string {
  const { step } = pending.delivery;
  if (!step.type.startsWith('transcript')) return step.type;
  return step.label.startsWith('transcript partial') ? 'transcript-partial' : 'transcript-final';
}

/** beforeRequest: the message's exact bytes, signed; named by type for per-type latencies. */
export function signWebhook(requestParams: RequestParams, context: Context, _events: Events, done: Done): void {
  const call = activeCall(context.vars);
  const pending = call?.pending;
  if (!call || !pending) return done(new Error('no message to send'));
  const { vars } = context;
  requestParams.body = pending.rawBody;
  delete requestParams.json;
  requestParams.headers = { ...requestParams.headers, ...signVapiRequest({ secret: text(vars, 'secret', 'dev-vapi-secret'), rawBody: pending.rawBody, mode: authMode(vars), nowMs: Date.now() }) };
  requestParams.name = requestName(pending);
  call.sentAtMs = performance.now();
  rememberTranscript(call, pending);
  done();
}

/** When a transcript webhook left, so the socket event it causes can be timed end to end. */
function rememberTranscript(call: ActiveCall, pending: PendingDelivery): void {
  if (!pending.delivery.step.type.startsWith('transcript')) return;
  const { message } = pending;
  const { callerNumber } = call.session.script.identity;
  let sent = state.transcriptSentAt.get(callerNumber);
  if (!sent) state.transcriptSentAt.set(callerNumber, (sent = new Map()));
  const key = transcriptKey(message.role, message.transcriptType === 'final', message.transcript);
  if (!sent.has(key)) sent.set(key, Date.now());
}

/** afterResponse: judge the reply (tool results feed the rest of the call) and count failures. */
export function recordWebhook(_requestParams: RequestParams, response: Response, context: Context, events: Events, done: Done): void {
  const call = activeCall(context.vars);
  const pending = call?.pending;
  if (!call || !pending) return done();
  const bodyText = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
  recordReply(call, pending, { status: response.statusCode, bodyText, latencyMs: performance.now() - call.sentAtMs }, events);
  call.pending = undefined;
  done();
}

/** Feeds a reply (or a failure) into the call and the metrics; both senders end here. */
function recordReply(call: ActiveCall, pending: PendingDelivery, reply: Parameters<CallSession['record']>[1], events: Events): void {
  const outcome = call.session.record(pending, reply);
  call.lastActivityMs = performance.now();
  events.emit('counter', 'webhook.requests', 1);
  if ('error' in reply) {
    events.emit('counter', `errors.webhook.${reply.error}`, 1);
  } else {
    events.emit('counter', `webhook.codes.${reply.status}`, 1);
    events.emit('histogram', 'webhook.response_time', reply.latencyMs);
    events.emit('histogram', `webhook.${requestName(pending)}`, reply.latencyMs);
  }
  if (!outcome.isOk) {
    call.failures += 1;
    events.emit('counter', 'webhook.failed', 1);
    events.emit('counter', `webhook.failed.${outcome.type}`, 1);
  }
}

/** Last step of a call: count it, including steps that could not be built (a booking without a slot). */
export function leaveLoadTest(context: Context, events: Events, done: Done): void {
  const call = activeCall(context.vars);
  if (call) {
    const unbuildable = call.session.outcomes.filter((outcome) => outcome.isSkipped && !outcome.isOk).length;
    if (unbuildable > 0) events.emit('counter', 'webhook.unbuildable', unbuildable);
    call.failures += unbuildable;
    finishCall(String(context.vars.callKey), call, events);
  }
  done();
}

/** One POST on the call's own keep-alive connection; resolves with the status and body. */
function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; bodyText: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bodyText: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('ETIMEDOUT')));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The whole call in one step, on Node's own HTTP client: a lighter sender than the HTTP engine,
 * so the load generator does not become the bottleneck it is measuring. Latencies are the
 * `webhook.response_time` and `webhook.<type>` histograms.
 */
export function playCall(context: Context, events: Events, done: Done): void {
  const call = activeCall(context.vars);
  if (!call) return done();
  const { vars } = context;
  const url = new URL('/webhooks/vapi', String(vars.target));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const secret = text(vars, 'secret', 'dev-vapi-secret');
  const mode = authMode(vars);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  void (async () => {
    for (let pending = call.session.next(); pending; pending = call.session.next()) {
      const waitMs = call.speed > 0 ? call.startedAtMs + pending.delivery.dueOffsetMs / call.speed - performance.now() : 0;
      if (waitMs > 0) await sleep(waitMs);
      call.lastActivityMs = performance.now();
      const headers = signVapiRequest({ secret, rawBody: pending.rawBody, mode, nowMs: Date.now() });
      rememberTranscript(call, pending);
      const sentAt = performance.now();
      try {
        const reply = await post(agent, url, headers, pending.rawBody);
        recordReply(call, pending, { ...reply, latencyMs: performance.now() - sentAt }, events);
      } catch (error) {
        recordReply(call, pending, { error: error instanceof Error ? error.message : String(error) }, events);
      }
    }
  })()
    .catch((error: unknown) => {
      call.failures += 1;
      events.emit('counter', 'errors.call_aborted', 1);
      events.emit('counter', `errors.${error instanceof Error ? error.name : 'unknown'}`, 1);
    })
    .finally(() => {
      agent.destroy();
      leaveLoadTest(context, events, () => done());
    });
}
