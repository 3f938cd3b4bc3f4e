/**
 * `npm run bench` (SMS part): Twilio's SMS webhooks on the embedded database with the demo
 * clinics seeded, over real loopback HTTP, one request at a time so each number is the server's
 * own latency (signature check, atomic insert of the text with its answer job, TwiML reply).
 * Baseline from the same run: a bare Express app that parses the same forms and answers `<Response/>`.
 * Budget (contract §4): webhook p99 < 50 ms on the local database.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import twilio from 'twilio';
import { runWithEphemeralDatabase } from '../src/cli/run-with-ephemeral-database';
import { seedDemoData } from '../src/seed/seed';
import { createBenchBackend, latencyLine, listen, percentile } from './bench-support';

const RUNS = Number(process.env.BENCH_SMS_RUNS ?? 300);
const WARM_UP = 30;
const TOKEN = 'bench-twilio-token';
const BUDGET_P99_MS = 50;

type Form = Record<string, string>;

const sid = () => `SM${randomBytes(16).toString('hex')}`;

function inbound(messageSid: string, index: number): Form {
  return {
    MessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: 'AC00000000000000000000000000000001',
    From: `+4477009${String(index % 100_000).padStart(5, '0')}`,
    To: '+442079460000',
    Body: 'Hi, how much is lip filler and do you have anything on Tuesday?',
    NumMedia: '0',
    NumSegments: '1',
    FromCountry: 'GB',
    ToCountry: 'GB',
  };
}

/** Sequential signed posts; signing happens before the clock starts. */
async function measure(url: string, path: string, makeForm: (index: number) => Form, expectedStatus: number) {
  const timings: number[] = [];
  for (let index = 0; index < WARM_UP + RUNS; index += 1) {
    const form = makeForm(index);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `http://localhost:3001${path}`, form);
    const body = new URLSearchParams(form).toString();
    const startedAt = performance.now();
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body,
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - startedAt;
    if (response.status !== expectedStatus) throw new Error(`${path} answered ${response.status}`);
    if (index >= WARM_UP) timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99) };
}

runWithEphemeralDatabase(
  'sms bench',
  async ({ db, logger }) => {
    await seedDemoData(db, logger, { isProduction: false });
    const { app } = createBenchBackend(db, logger, { vapiSecret: 'unused', twilioToken: TOKEN, publicBaseUrl: 'http://localhost:3001' });
    const backend = await listen(app);
    const echoApp = express();
    echoApp.post(['/webhooks/twilio/sms', '/webhooks/twilio/sms-status'], express.urlencoded({ extended: false }), (_req, res) => {
      res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    });
    const echo = await listen(echoApp);

    // Outbound texts with SIDs for the status callbacks to find.
    const demoId = (await db.query<{ id: string }>("SELECT id FROM clinics WHERE slug = 'demo'")).rows[0]!.id;
    const outboundSids = Array.from({ length: WARM_UP + RUNS }, sid);
    await db.query(
      `INSERT INTO messages (clinic_id, direction, kind, from_number, to_number, body, status, provider_sid)
       SELECT $1, 'outbound', 'staff', '+442079460000', '+447700900321', 'bench', 'sent', unnest($2::text[])`,
      [demoId, outboundSids],
    );
    const duplicateSid = sid();
    const cases: [string, string, (index: number) => Form, number][] = [
      ['inbound text (new MessageSid)', '/webhooks/twilio/sms', (index) => inbound(sid(), index), 200],
      ['inbound text (retried MessageSid)', '/webhooks/twilio/sms', (index) => inbound(duplicateSid, index), 200],
      [
        'status callback (delivered)',
        '/webhooks/twilio/sms-status',
        (index) => ({ MessageSid: outboundSids[index]!, MessageStatus: 'delivered', AccountSid: 'AC00000000000000000000000000000001', To: '+447700900321', From: '+442079460000' }),
        204,
      ],
    ];

    const baseline = await measure(echo.url, '/webhooks/twilio/sms', (index) => inbound(sid(), index), 200);
    process.stdout.write(`\nTwilio SMS webhook latency, ${RUNS} sequential requests each (ms; ratio = p99 / baseline p99)\n`);
    process.stdout.write(latencyLine('bare Express form echo (baseline)', baseline));
    let isWithinBudget = true;
    for (const [name, path, makeForm, status] of cases) {
      const result = await measure(backend.url, path, makeForm, status);
      const isMet = result.p99 < BUDGET_P99_MS;
      isWithinBudget &&= isMet;
      process.stdout.write(latencyLine(name, result, { baselineP99: baseline.p99, budgetP99Ms: BUDGET_P99_MS }));
    }
    await backend.close();
    await echo.close();
    process.stdout.write(`\nSMS budgets: ${isWithinBudget ? 'met' : 'MISSED'}\n`);
    return isWithinBudget ? 0 : 1;
  },
  { maxConnections: 10 },
);
