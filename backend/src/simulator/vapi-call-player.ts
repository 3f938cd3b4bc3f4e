import { createCallSession, type CallSessionOptions, type StepOutcome } from './vapi-call-session';
import type { ToolResultEntry, VapiCallScript } from './vapi-scenarios';
import { signVapiRequest, VAPI_AUTH_MODES, type VapiAuthMode } from './vapi-signing';

export type { StepOutcome } from './vapi-call-session';

/**
 * Plays a simulated call against a backend over real HTTP (global `fetch`): each message signed,
 * sent at its time (or as fast as possible with `pacing: 0`), its reply judged and fed back into
 * the rest of the call. Used by `npm run simulate:call` and by integration tests.
 */
export type PlayVapiCallOptions = CallSessionOptions & {
  /** e.g. `http://127.0.0.1:3001`; messages go to `${baseUrl}/webhooks/vapi`. */
  baseUrl: string;
  script: VapiCallScript;
  secret: string;
  /** Which credential to send; `rotate` cycles through all three. Default `hmac`. */
  auth?: VapiAuthMode | 'rotate';
  /** `real`: the script's own timing; a number speeds it up by that factor; 0 sends back to back. */
  pacing?: 'real' | number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each step, including skipped ones. */
  onStep?: (outcome: StepOutcome) => void;
};

export type PlayVapiCallResult = {
  callId: string;
  scenario: VapiCallScript['scenario'];
  outcomes: StepOutcome[];
  results: ToolResultEntry[];
  /** Every step that was due either went through or was rightly skipped. */
  isOk: boolean;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function playVapiCall(options: PlayVapiCallOptions): Promise<PlayVapiCallResult> {
  const session = createCallSession(options.script, options);
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;
  const speed = options.pacing === undefined || options.pacing === 'real' ? 1 : options.pacing;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/webhooks/vapi`;
  const startedAt = now();
  let reported = 0;
  const report = () => {
    for (; reported < session.outcomes.length; reported += 1) options.onStep?.(session.outcomes[reported]!);
  };

  for (let pending = session.next(); pending; pending = session.next()) {
    report();
    if (speed > 0) {
      const waitMs = startedAt + pending.delivery.dueOffsetMs / speed - now();
      if (waitMs > 0) await sleep(waitMs);
    }
    const mode = options.auth === 'rotate' ? VAPI_AUTH_MODES[pending.delivery.sequence % VAPI_AUTH_MODES.length]! : (options.auth ?? 'hmac');
    const headers = signVapiRequest({ secret: options.secret, rawBody: pending.rawBody, mode, nowMs: Date.now() });
    const sentAt = now();
    try {
      const response = await doFetch(url, { method: 'POST', headers, body: pending.rawBody, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      const bodyText = await response.text();
      session.record(pending, { status: response.status, bodyText, latencyMs: now() - sentAt });
    } catch (error) {
      session.record(pending, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), latencyMs: now() - sentAt });
    }
  }
  report();
  return {
    callId: options.script.identity.callId,
    scenario: options.script.scenario,
    outcomes: session.outcomes,
    results: session.results,
    isOk: session.outcomes.every((outcome) => outcome.isOk),
  };
}
