/**
 * `npm run load [-- --calls N --watchers M | --quick] [--base-url URL] [--auth hmac|bearer] [--warm-up-calls N]`: the voice-webhook and
 * realtime load suite (load/vapi-calls.yml) against a backend, next to a baseline measured in
 * the same run — the same calls, message for message at the same pace, posted to a bare Express
 * server that parses the JSON and answers `{}` (an assistant-request gets our assistant's
 * `serverMessages`, so both runs play the same messages). Prints p50/p95/p99 and the ratios, and exits 1
 * when a budget is missed: webhook p99 < 50 ms, webhook→socket lag p99 < 100 ms, no errors.
 *
 * The backend is the one answering `/health` at --base-url (default http://localhost:3001);
 * when nothing answers, one is started for the run (`node --import tsx src/main.ts`, embedded database in a
 * temporary DATA_DIR, seeded with the demo clinics) and stopped afterwards. Loopback only.
 * Sizes also come from LOAD_CALLS / LOAD_WATCHERS; LOAD_VERBOSE=1 shows artillery's own output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import express from 'express';
import { ASSISTANT_SERVER_MESSAGES } from '../src/modules/vapi/vapi.assistant';
import { VAPI_AUTH_MODES } from '../src/simulator/vapi-signing';

const BACKEND_DIR = path.resolve(__dirname, '..');
const ARTILLERY = path.resolve(BACKEND_DIR, '..', 'node_modules', '.bin', 'artillery');
const SCRIPT = path.join(__dirname, 'vapi-calls.yml');
const PROCESSOR = path.join(__dirname, 'vapi-load.processor.ts');
const BUDGET = { webhookP99Ms: 50, lagP99Ms: 100 };
const RUN_TIMEOUT_MS = 240_000;

type Summary = { count: number; min: number; max: number; median: number; p95: number; p99: number };
type Report = { counters: Record<string, number>; summaries: Record<string, Summary> };

function fail(message: string): never {
  throw new Error(message);
}

function options() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string', default: 'http://localhost:3001' },
      calls: { type: 'string' },
      watchers: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'ramp-seconds': { type: 'string' },
      speed: { type: 'string', default: '1' },
      mix: { type: 'string' },
      secret: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      sender: { type: 'string', default: 'node-http' },
      auth: { type: 'string', default: 'secret-header' },
      'warm-up-calls': { type: 'string' },
    },
  });
  const count = (value: string | undefined, fallback: number) => {
    const parsed = Number(value ?? fallback);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`not a count: ${value}`);
    return parsed;
  };
  const calls = count(values.calls ?? process.env.LOAD_CALLS, values.quick ? 20 : 200);
  const baseUrl = new URL(values['base-url']);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(baseUrl.hostname)) throw new Error('the load suite runs against loopback only');
  return {
    baseUrl: baseUrl.origin,
    calls,
    watchers: count(values.watchers ?? process.env.LOAD_WATCHERS, values.quick ? 2 : 3),
    rampSeconds: count(values['ramp-seconds'], values.quick ? 5 : 10),
    speed: Number(values.speed),
    mix: values.mix,
    secret: values.secret ?? process.env.VAPI_WEBHOOK_SECRET ?? 'dev-vapi-secret',
    hasBaseline: !values['no-baseline'],
    warmUpCalls: count(values['warm-up-calls'], values.quick ? 10 : 40),
    auth: (VAPI_AUTH_MODES as readonly string[]).includes(values.auth) ? values.auth : fail(`unknown --auth ${values.auth}`),
    sender: values.sender === 'http-engine' ? 'http-engine' : values.sender === 'node-http' ? 'node-http' : fail(`unknown --sender ${values.sender}`),
    isVerbose: process.env.LOAD_VERBOSE === '1',
  };
}
type Options = ReturnType<typeof options>;

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isHealthy(baseUrl))) {
    if (child.exitCode !== null) throw new Error(`the backend exited with code ${child.exitCode} before answering /health`);
    if (Date.now() > deadline) throw new Error(`the backend did not answer ${baseUrl}/health within ${timeoutMs / 1_000} s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const DEMO_OWNERS = ['owner@demo.clinic', 'owner@northside.clinic'];

/**
 * Waits until the seeded knowledge bases are indexed: a fresh backend embeds the demo documents
 * in background jobs right after it answers /health, and the run measures the steady state.
 */
async function waitUntilIndexed(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const email of DEMO_OWNERS) {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-owner-pass' }) });
    if (!login.ok) throw new Error(`demo login for ${email} answered ${login.status}`);
    const { token, memberships } = (await login.json()) as { token: string; memberships: { clinicId: string }[] };
    for (const { clinicId } of memberships) {
      for (;;) {
        const response = await fetch(`${baseUrl}/api/v1/clinics/${clinicId}/kb/documents`, { headers: { authorization: `Bearer ${token}` } });
        const { items } = (await response.json()) as { items: { status: string }[] };
        if (items.every((document) => document.status === 'ready' || document.status === 'failed')) break;
        if (Date.now() > deadline) throw new Error(`the demo knowledge base was not indexed within ${timeoutMs / 1_000} s`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }
}

/** A backend of our own on the base URL's port, embedded database in a temporary DATA_DIR. */
async function startBackend(opts: Options, logDir: string): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'voxanne-load-data-'));
  const log = createWriteStream(path.join(logDir, 'backend.log'));
  // Node itself (tsx as a loader), not the tsx CLI: the child we signal is the backend.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: BACKEND_DIR,
    env: { ...process.env, PORT: new URL(opts.baseUrl).port || '80', DATA_DIR: dataDir, LOG_LEVEL: 'warn', VAPI_WEBHOOK_SECRET: opts.secret, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  process.stdout.write(`No backend at ${opts.baseUrl}: starting one (embedded database in ${dataDir}, log ${path.join(logDir, 'backend.log')})\n`);
  try {
    await waitUntilHealthy(opts.baseUrl, child, 120_000);
    await waitUntilIndexed(opts.baseUrl, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/** The baseline: what a Node HTTP server does with the same traffic when it does nothing else. */
async function startEchoServer(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const app = express();
  // The assistant's subscription list too, so the baseline plays exactly the messages the backend gets.
  const assistant = { serverMessages: [...ASSISTANT_SERVER_MESSAGES] };
  app.post('/webhooks/vapi', express.json({ limit: '5mb' }), (req, res) => {
    const type = (req.body as { message?: { type?: unknown } } | undefined)?.message?.type;
    res.json(type === 'assistant-request' ? { assistant } : {});
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.keepAliveTimeout = 65_000;
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The processor, bundled once with the native esbuild. Given the TypeScript file, artillery
 * bundles it with esbuild-wasm and leaves that service running for the whole test: measured at
 * 5.6 s of CPU in a 45-second run, taken from the backend under test on a 2-core machine.
 */
async function bundleProcessor(): Promise<string> {
  // Beside the source (git-ignored), so that `ws`, left external, resolves from node_modules.
  const outfile = path.join(__dirname, 'dist', 'vapi-load.processor.js');
  await build({ entryPoints: [PROCESSOR], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['ws'], logLevel: 'warning' });
  return outfile;
}

async function runArtillery(input: {
  name: string;
  target: string;
  opts: Options;
  watchers: number;
  isBaseline: boolean;
  reportDir: string;
  processor: string;
  /** A warm-up: these calls at this pace instead of the measured ones, no budgets checked. */
  warmUp?: { calls: number; speed: number };
}): Promise<{ report: Report; exitCode: number }> {
  const { opts, warmUp } = input;
  const calls = warmUp?.calls ?? opts.calls;
  const phases = [
    ...(input.watchers > 0 ? [{ name: 'watchers', duration: 1, arrivalCount: input.watchers }] : []),
    { name: 'calls', duration: Math.max(1, opts.rampSeconds), arrivalCount: calls },
  ];
  const variables = {
    calls,
    watchers: input.watchers,
    speed: warmUp?.speed ?? opts.speed,
    secret: opts.secret,
    auth: opts.auth,
    baseline: String(input.isBaseline),
    ...(opts.mix ? { mix: opts.mix } : {}),
  };
  if (!warmUp) process.stdout.write(`    (load average before: ${os.loadavg().map((value) => value.toFixed(1)).join(' ')})\n`);
  const output = path.join(input.reportDir, `${input.name}.json`);
  const log = path.join(input.reportDir, `artillery-${input.name}.log`);
  const args = ['run', SCRIPT, '--scenario-name', `calls-via-${opts.sender}`, '--target', input.target, '--overrides', JSON.stringify({ config: { phases, variables, processor: input.processor } }), '--output', output, '--quiet'];
  const child = spawn(ARTILLERY, args, {
    cwd: BACKEND_DIR,
    // One worker: the processor hands out roles by arrival order and matches socket events to webhooks in memory.
    env: { ...process.env, WORKERS: '1', ...(input.isBaseline || warmUp ? { ARTILLERY_DISABLE_ENSURE: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logStream = createWriteStream(log);
  child.stdout!.pipe(logStream);
  child.stderr!.pipe(logStream);
  if (opts.isVerbose) {
    child.stdout!.pipe(process.stdout);
    child.stderr!.pipe(process.stderr);
  }
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
  const exitCode = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  clearTimeout(timer);
  let report: Report;
  try {
    report = (JSON.parse(readFileSync(output, 'utf8')) as { aggregate: Report }).aggregate;
  } catch {
    throw new Error(`artillery (${input.name}) wrote no report; see ${log}`);
  }
  return { report, exitCode };
}

const fmt = (value: number | undefined) => (value === undefined ? '–' : value < 10 ? value.toFixed(1) : Math.round(value).toString());

function row(label: string, measured: Summary | undefined, baseline: Summary | undefined): string {
  const cells = (summary: Summary | undefined) => [summary ? String(summary.count) : '–', fmt(summary?.median), fmt(summary?.p95), fmt(summary?.p99)].map((cell) => cell.padStart(7)).join('');
  const ratio = measured && baseline && baseline.p99 > 0 ? `${(measured.p99 / baseline.p99).toFixed(1)}×` : '';
  return `${label.padEnd(30)}${cells(measured)}   ${cells(baseline)}   ${ratio.padStart(7)}`;
}

function errorsOf(report: Report): Record<string, number> {
  return Object.fromEntries(
    Object.entries(report.counters).filter(
      ([name, value]) => value > 0 && (name.startsWith('errors.') || /^(http|webhook)\.codes\.[^2]/.test(name) || ['vusers.failed', 'webhook.failed', 'webhook.unbuildable', 'calls.failed', 'socket.id_regressions', 'socket.watch_timeouts'].includes(name)),
    ),
  );
}

/** Warm-up calls: four times faster than real pacing, nobody watching, not measured. */
const WARM_UP_SPEED = 4;

/**
 * Plays a few calls against `target` before it is measured, so the numbers are those of a
 * server in service: a process that has just started runs its request path in V8's
 * interpreter until the JIT has compiled it, and the first seconds of 200 new calls measured that
 * (p99 several times the steady state's). Both the echo baseline and the backend get the same.
 */
async function warmUp(input: { name: string; target: string; opts: Options; isBaseline: boolean; reportDir: string; processor: string }): Promise<void> {
  if (input.opts.warmUpCalls === 0) return;
  const { report } = await runArtillery({ ...input, name: `${input.name}-warm-up`, watchers: 0, warmUp: { calls: input.opts.warmUpCalls, speed: WARM_UP_SPEED } });
  const errors = errorsOf(report);
  if (Object.keys(errors).length > 0) throw new Error(`the warm-up against ${input.target} failed: ${JSON.stringify(errors)}`);
}

async function main(): Promise<number> {
  const opts = options();
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'voxanne-load-'));
  const cpus = os.cpus();
  process.stdout.write(
    `Voice webhooks and realtime — ${opts.calls} calls × ${opts.watchers} watchers, ${opts.speed === 1 ? 'real pacing' : `${opts.speed}× pacing`}, calls started over ${opts.rampSeconds} s, sender ${opts.sender}, credential ${opts.auth}\n` +
      `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; reports in ${reportDir}\n`,
  );

  const processor = await bundleProcessor();
  let baseline: Report | undefined;
  if (opts.hasBaseline) {
    const echo = await startEchoServer();
    try {
      process.stdout.write(`1/2 baseline: bare Express echo at ${echo.baseUrl} (after ${opts.warmUpCalls} warm-up calls) …\n`);
      await warmUp({ name: 'baseline', target: echo.baseUrl, opts, isBaseline: true, reportDir, processor });
      baseline = (await runArtillery({ name: 'baseline', target: echo.baseUrl, opts, watchers: 0, isBaseline: true, reportDir, processor })).report;
    } finally {
      await echo.close();
    }
  }

  const stopBackend = (await isHealthy(opts.baseUrl)) ? undefined : await startBackend(opts, reportDir);
  let measured: { report: Report; exitCode: number };
  try {
    process.stdout.write(`${opts.hasBaseline ? '2/2' : '1/1'} backend at ${opts.baseUrl} (after ${opts.warmUpCalls} warm-up calls) …\n`);
    await warmUp({ name: 'backend', target: opts.baseUrl, opts, isBaseline: false, reportDir, processor });
    measured = await runArtillery({ name: 'backend', target: opts.baseUrl, opts, watchers: opts.watchers, isBaseline: false, reportDir, processor });
  } finally {
    await stopBackend?.();
  }

  const { report } = measured;
  const header = `${''.padEnd(30)}${['n', 'p50', 'p95', 'p99'].map((cell) => cell.padStart(7)).join('')}   ${['n', 'p50', 'p95', 'p99'].map((cell) => cell.padStart(7)).join('')}   ${'p99 ×'.padStart(7)}`;
  const lines = [
    '',
    `${''.padEnd(30)}${'backend (ms)'.padEnd(28)}   ${'echo baseline (ms)'.padEnd(28)}`,
    header,
    row('webhook (all types)', report.summaries['webhook.response_time'], baseline?.summaries['webhook.response_time']),
  ];
  const types = Object.keys(report.summaries).filter((name) => name.startsWith('webhook.') && name !== 'webhook.response_time').sort();
  for (const name of types) lines.push(row(`  ${name.slice('webhook.'.length)}`, report.summaries[name], baseline?.summaries[name]));
  lines.push(row('webhook_to_socket_lag', report.summaries.webhook_to_socket_lag, undefined));
  lines.push(row('webhook sent → socket', report.summaries.webhook_sent_to_socket, undefined));
  process.stdout.write(`${lines.join('\n')}\n\n`);
  process.stdout.write(
    `requests ${report.counters['webhook.requests'] ?? report.counters['http.requests'] ?? 0}, socket events received ${report.counters['socket.events'] ?? 0}, calls completed ${report.counters['calls.completed'] ?? 0}/${opts.calls}\n`,
  );

  const webhookP99 = report.summaries['webhook.response_time']?.p99;
  const lagP99 = report.summaries.webhook_to_socket_lag?.p99;
  const errors = errorsOf(report);
  const checks = [
    { name: `webhook p99 < ${BUDGET.webhookP99Ms} ms`, isOk: webhookP99 !== undefined && webhookP99 < BUDGET.webhookP99Ms, value: `${fmt(webhookP99)} ms` },
    ...(opts.watchers > 0 ? [{ name: `webhook→socket lag p99 < ${BUDGET.lagP99Ms} ms`, isOk: lagP99 !== undefined && lagP99 < BUDGET.lagP99Ms, value: `${fmt(lagP99)} ms` }] : []),
    { name: 'no errors', isOk: Object.keys(errors).length === 0, value: Object.keys(errors).length === 0 ? '0' : JSON.stringify(errors) },
    { name: 'every call completed', isOk: (report.counters['calls.completed'] ?? 0) === opts.calls, value: String(report.counters['calls.completed'] ?? 0) },
  ];
  for (const check of checks) process.stdout.write(`${check.isOk ? 'ok  ' : 'FAIL'} ${check.name}: ${check.value}\n`);
  const isOk = checks.every((check) => check.isOk) && measured.exitCode === 0;
  if (!isOk && measured.exitCode !== 0) process.stdout.write(`artillery exited with ${measured.exitCode} (see ${path.join(reportDir, 'artillery-backend.log')})\n`);
  return isOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
