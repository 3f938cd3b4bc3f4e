/**
 * `npm run bench` (voice part): the Vapi webhook on the embedded database with the demo clinics
 * seeded and their knowledge base ingested, over real loopback HTTP, one request at a time so
 * each number is the server's own latency. Baseline from the same run: a bare Express app that
 * parses the same JSON bodies and answers `{}`.
 * Budgets (contract §4.1, architecture principle 7): assistant-request p99 < 100 ms; informational
 * types p99 < 50 ms; tool calls p99 < 100 ms.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { runWithEphemeralDatabase } from '../src/cli/run-with-ephemeral-database';
import { drainJobs } from '../src/platform/jobs/job-drain';
import { seedDemoData } from '../src/seed/seed';
import { createBenchBackend, latencyLine, listen, percentile } from './bench-support';

const RUNS = Number(process.env.BENCH_VOICE_RUNS ?? 300);
const WARM_UP = 30;
const SECRET = 'bench-vapi-secret';
const BUDGET_P99_MS: Record<string, number> = {
  'assistant-request': 100,
  'status-update': 50,
  'transcript (partial)': 50,
  'transcript (final)': 50,
  'tool-calls: search_knowledge_base': 100,
  'tool-calls: check_availability': 100,
};

type Body = Record<string, unknown>;


function envelope(type: string, callId: string, fields: Body): Body {
  return {
    message: {
      type,
      timestamp: Date.now(),
      call: { id: callId, type: 'inboundPhoneCall', phoneNumberId: 'pn_demo', customer: { number: '+447700900321' } },
      phoneNumber: { number: '+442079460000' },
      customer: { number: '+447700900321' },
      ...fields,
    },
  };
}

async function measure(url: string, makeBody: (index: number) => Body): Promise<{ p50: number; p95: number; p99: number }> {
  const timings: number[] = [];
  for (let index = 0; index < WARM_UP + RUNS; index += 1) {
    const raw = JSON.stringify(makeBody(index));
    const startedAt = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET }, body: raw });
    await response.arrayBuffer();
    const elapsed = performance.now() - startedAt;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (index >= WARM_UP) timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99) };
}

runWithEphemeralDatabase(
  'voice bench',
  async ({ db, logger }) => {
    await seedDemoData(db, logger, { isProduction: false });
    const { app, services } = createBenchBackend(db, logger, { vapiSecret: SECRET, twilioToken: 'bench-twilio-token', publicBaseUrl: 'http://127.0.0.1' });
    await services.knowledge.enqueuePendingIngestion();
    await drainJobs({ queue: services.jobQueue, handlers: services.jobHandlers, logger });
    // A returning caller: the assistant greets them by name, so the lookup is part of the work.
    await services.patients.findOrCreateByPhone((await db.query<{ id: string }>("SELECT id FROM clinics WHERE slug = 'demo'")).rows[0]!.id, '+447700900321', { name: 'Jane Doe' });

    const backend = await listen(app);
    const echoApp = express();
    echoApp.post('/webhooks/vapi', express.json({ limit: '5mb' }), (_req, res) => {
      res.json({});
    });
    const echo = await listen(echoApp);

    const callIds = Array.from({ length: WARM_UP + RUNS }, () => `bench-${randomUUID()}`);
    const cases: [string, (index: number) => Body][] = [
      ['assistant-request', (index) => envelope('assistant-request', callIds[index]!, {})],
      ['status-update', (index) => envelope('status-update', callIds[index]!, { status: 'in-progress' })],
      ['transcript (partial)', (index) => envelope('transcript', callIds[index]!, { role: 'user', transcriptType: 'partial', transcript: 'I was wondering how much' })],
      ['transcript (final)', (index) => envelope('transcript', callIds[index]!, { role: 'user', transcriptType: 'final', transcript: 'I was wondering how much lip filler costs.' })],
      [
        'tool-calls: search_knowledge_base',
        (index) => envelope('tool-calls', callIds[index]!, { toolCallList: [{ id: `tc-s-${index}`, type: 'function', function: { name: 'search_knowledge_base', arguments: '{"query":"How much is lip filler and how long does it last?"}' } }] }),
      ],
      [
        'tool-calls: check_availability',
        (index) => envelope('tool-calls', callIds[index]!, { toolCallList: [{ id: `tc-a-${index}`, type: 'function', function: { name: 'check_availability', arguments: '{"service":"lip filler"}' } }] }),
      ],
    ];

    const baseline = await measure(`${echo.url}/webhooks/vapi`, cases[0]![1]);
    process.stdout.write(`\nVapi webhook latency, ${RUNS} sequential requests each (ms; ratio = p99 / baseline p99)\n`);
    process.stdout.write(latencyLine('bare Express echo (baseline)', baseline));
    let isWithinBudget = true;
    for (const [name, makeBody] of cases) {
      const result = await measure(`${backend.url}/webhooks/vapi`, makeBody);
      const budget = BUDGET_P99_MS[name]!;
      const isMet = result.p99 < budget;
      isWithinBudget &&= isMet;
      process.stdout.write(latencyLine(name, result, { baselineP99: baseline.p99, budgetP99Ms: budget }));
    }
    await backend.close();
    await echo.close();
    process.stdout.write(`\nVoice budgets: ${isWithinBudget ? 'met' : 'MISSED'}\n`);
    return isWithinBudget ? 0 : 1;
  },
  { maxConnections: 10 },
);
