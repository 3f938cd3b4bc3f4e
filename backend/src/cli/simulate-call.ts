/**
 * `npm run simulate:call -- --scenario <booking|faq|emergency|medical-advice> [--clinic demo] [--base-url URL]`
 * Plays one realistic, signed Vapi call against a running backend and prints every step.
 * Extras: --secret S (default $VAPI_WEBHOOK_SECRET or dev-vapi-secret), --fast (no pacing),
 * --speed N (N× faster), --out-of-order, --duplicates RATE, --seed N (replays the same call, call id
 * included, so a backend that saw it answers duplicates), --auth hmac|secret-header|bearer|rotate,
 * --caller +447700900123, --legacy-report, --quiet (hide partial transcripts and speech-updates).
 * Exits 1 when any step fails.
 */
import { parseArgs } from 'node:util';
import { DEMO_CLINICS } from '../seed/demo-clinics';
import { playVapiCall, type StepOutcome } from '../simulator/vapi-call-player';
import { buildCallScript, isVapiScenarioName, VAPI_SCENARIO_NAMES } from '../simulator/vapi-scenarios';
import { VAPI_AUTH_MODES, type VapiAuthMode } from '../simulator/vapi-signing';

const USAGE = `usage: npm run simulate:call -- --scenario <${VAPI_SCENARIO_NAMES.join('|')}> [--clinic ${DEMO_CLINICS.map((clinic) => clinic.slug).join('|')}] [--base-url URL]
  [--secret S] [--fast | --speed N] [--out-of-order] [--duplicates RATE] [--seed N]
  [--auth ${[...VAPI_AUTH_MODES, 'rotate'].join('|')}] [--caller E164] [--legacy-report] [--quiet]\n`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      clinic: { type: 'string', default: 'demo' },
      'base-url': { type: 'string', default: 'http://localhost:3001' },
      secret: { type: 'string' },
      fast: { type: 'boolean', default: false },
      speed: { type: 'string' },
      'out-of-order': { type: 'boolean', default: false },
      duplicates: { type: 'string' },
      seed: { type: 'string' },
      auth: { type: 'string', default: 'hmac' },
      caller: { type: 'string' },
      'legacy-report': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const scenario = values.scenario ?? fail('--scenario is required');
  if (!isVapiScenarioName(scenario)) fail(`unknown scenario "${scenario}"`);
  const clinic = DEMO_CLINICS.find((candidate) => candidate.slug === values.clinic) ?? fail(`unknown clinic "${values.clinic}"`);
  const auth = values.auth;
  if (auth !== 'rotate' && !(VAPI_AUTH_MODES as readonly string[]).includes(auth)) fail(`unknown --auth "${auth}"`);
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) fail(`--${name} must be a non-negative number`);
    return parsed;
  };
  const seed = number('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  const speed = number('speed', values.speed);
  const duplicates = number('duplicates', values.duplicates);
  return {
    scenario,
    clinic,
    baseUrl: values['base-url'].replace(/\/+$/, ''),
    secret: values.secret ?? process.env.VAPI_WEBHOOK_SECRET ?? 'dev-vapi-secret',
    pacing: values.fast ? 0 : (speed ?? 'real'),
    seed,
    isOutOfOrder: values['out-of-order'],
    duplicates,
    auth: auth as VapiAuthMode | 'rotate',
    caller: values.caller,
    legacyReport: values['legacy-report'],
    isQuiet: values.quiet,
  } as const;
}

function printStep(outcome: StepOutcome, isQuiet: boolean, startedAtMs: number): void {
  const isChatter = outcome.label.startsWith('transcript partial') || outcome.type === 'speech-update';
  if (isQuiet && isChatter && outcome.isOk) return;
  const elapsed = `+${((performance.now() - startedAtMs) / 1_000).toFixed(1)}s`.padStart(7);
  const mark = outcome.isOk ? (outcome.isSkipped ? '·' : '✓') : '✗';
  const status = outcome.isSkipped ? 'skip' : outcome.status === undefined ? 'ERR ' : String(outcome.status).padEnd(4);
  const latency = outcome.latencyMs === undefined ? '' : `${outcome.latencyMs.toFixed(1)} ms`;
  const duplicate = outcome.isDuplicate ? ' (duplicate)' : '';
  const summary = outcome.summary === '{}' ? '' : `  ${outcome.summary}`;
  const label = outcome.label.length > 52 ? `${outcome.label.slice(0, 51)}…` : outcome.label.padEnd(52);
  process.stdout.write(`${elapsed} ${mark} ${label}${duplicate} ${status} ${latency.padStart(9)}${summary}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  const script = buildCallScript({
    scenario: options.scenario,
    calledNumber: options.clinic.phone.e164,
    phoneNumberId: options.clinic.phone.vapiPhoneNumberId,
    seed: options.seed,
    serverUrl: `${options.baseUrl}/webhooks/vapi`,
    legacyReportFields: options.legacyReport,
    ...(options.caller ? { callerNumber: options.caller } : {}),
  });
  const durationSeconds = (script.steps.at(-1)!.offsetMs / 1_000).toFixed(1);
  process.stdout.write(
    `Simulated Vapi call — scenario ${options.scenario}, clinic ${options.clinic.slug} (${script.identity.calledNumber}), caller ${script.identity.callerNumber}\n` +
      `call id ${script.identity.callId}, seed ${options.seed}, ${script.steps.length} messages over ${durationSeconds} s` +
      `${options.pacing === 0 ? ' (sent back to back)' : options.pacing === 'real' ? '' : ` (${options.pacing}× faster)`}, tool calls as ${script.toolCallShape}, auth ${options.auth}\n` +
      `→ POST ${options.baseUrl}/webhooks/vapi\n\n`,
  );
  const startedAtMs = performance.now();
  const result = await playVapiCall({
    baseUrl: options.baseUrl,
    script,
    secret: options.secret,
    auth: options.auth,
    pacing: options.pacing,
    ...(options.isOutOfOrder ? { outOfOrder: { seed: options.seed } } : {}),
    ...(options.duplicates ? { duplicates: { seed: options.seed + 1, rate: options.duplicates } } : {}),
    onStep: (outcome) => printStep(outcome, options.isQuiet, startedAtMs),
  });
  const sent = result.outcomes.filter((outcome) => !outcome.isSkipped);
  const failed = result.outcomes.filter((outcome) => !outcome.isOk);
  const latencies = sent.flatMap((outcome) => (outcome.latencyMs === undefined ? [] : [outcome.latencyMs])).sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1) ?? '–';
  process.stdout.write(
    `\n${failed.length === 0 ? 'OK' : `FAILED (${failed.length} step${failed.length === 1 ? '' : 's'})`}: ${sent.length} messages sent, ` +
      `${result.outcomes.length - sent.length} skipped; latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)?.toFixed(1) ?? '–'} ms; call id ${result.callId}\n`,
  );
  if (sent.length > 0 && sent.every((outcome) => outcome.status === undefined)) {
    process.stdout.write(`Nothing answered at ${options.baseUrl} — is the backend running? (npm run start:backend)\n`);
  }
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`simulate:call failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
