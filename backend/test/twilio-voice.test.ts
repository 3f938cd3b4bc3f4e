import { setUpDemo } from './support/demo-setup';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import twilio from 'twilio';
import type { Db } from '../src/platform/db';
import { createInProcessBus } from '../src/platform/bus';
import { createInProcessClinicEventStream, type StreamedEvent } from '../src/platform/events/clinic-event-stream';
import { DEFAULT_AGENT_SETTINGS } from '../src/modules/agent/agent.schemas';
import type { EngineInput } from '../src/modules/conversation/conversation.engine';
import {
  buildVoiceGreeting,
  endedReasonOf,
  liveStatusOf,
  parseGatherPosition,
  repromptFor,
  type TurnStep,
} from '../src/modules/twilio/twilio-voice.rules';
import type { Services } from '../src/services';
import { createGate, waitUntil } from './support/job-testing';
import { createTestApp, TEST_PUBLIC_BASE_URL, TEST_TWILIO_TOKEN } from './support/test-app';
import { createTestDb } from './support/test-db';

/** A TwiML element as parsed from the reply: its name, attributes, children and own text. */
type TwimlNode = { name: string; attributes: Record<string, string>; children: TwimlNode[]; text: string };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(lt|gt|amp|quot|apos);/g, (_match, name: string) => ENTITIES[name]!);

/** A strict parser for the well-formed XML TwiML is: anything else throws. */
function parseTwiml(xml: string): TwimlNode {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const document: TwimlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const open = [document];
  const token = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let consumed = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    if (match.index !== consumed) throw new Error(`not TwiML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
    consumed = token.lastIndex;
    const [, closing, name, attributeText, selfClosing, text] = match;
    const parent = open.at(-1)!;
    if (text !== undefined) {
      parent.text += decode(text);
    } else if (closing) {
      if (open.pop()?.name !== name) throw new Error(`mismatched </${name}>`);
    } else {
      const attributes = Object.fromEntries([...attributeText!.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map(([, key, value]) => [key!, decode(value!)]));
      const node: TwimlNode = { name: name!, attributes, children: [], text: '' };
      parent.children.push(node);
      if (!selfClosing) open.push(node);
    }
  }
  if (consumed !== body.length || open.length !== 1 || document.children.length !== 1) throw new Error('not a single well-formed document');
  return document.children[0]!;
}

/** The verbs of a reply in order, nested ones as `Parent>Child`. */
function verbsOf(response: TwimlNode): string[] {
  return response.children.flatMap((node) => [node.name, ...node.children.map((child) => `${node.name}>${child.name}`)]);
}

function gatherOf(response: TwimlNode): TwimlNode {
  const gathers = response.children.filter((node) => node.name === 'Gather');
  expect(gathers).toHaveLength(1);
  return gathers[0]!;
}

/** What the assistant says in a reply: every `<Say>`, nested or not, in order. */
function spokenIn(response: TwimlNode): string {
  const says = response.children.flatMap((node) => (node.name === 'Say' ? [node] : node.children.filter((child) => child.name === 'Say')));
  return says.map((say) => say.text).join(' ');
}

const DEMO_NUMBER = '+442079460000';
const CALLER = '+447700900777';
const ON_CALL = '+447700900123';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;

const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** The parameters Twilio posts for an inbound call to a clinic number. */
function callParams(callSid: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: DEMO_NUMBER,
    CalledCity: '',
    CalledCountry: 'GB',
    CalledState: '',
    CalledZip: '',
    Caller: CALLER,
    CallerCity: '',
    CallerCountry: 'GB',
    CallerState: '',
    CallerZip: '',
    Direction: 'inbound',
    From: CALLER,
    FromCity: '',
    FromCountry: 'GB',
    FromState: '',
    FromZip: '',
    StirVerstat: 'TN-Validation-Passed-A',
    To: DEMO_NUMBER,
    ToCity: '',
    ToCountry: 'GB',
    ToState: '',
    ToZip: '',
    ...overrides,
  };
}

/** What Twilio posts to a `<Gather>` action: the call's parameters plus what speech recognition heard. */
function speechParams(callSid: string, speech: string | undefined): Record<string, string> {
  const heard: Record<string, string> = speech === undefined ? {} : { SpeechResult: speech, Confidence: '0.9216' };
  return callParams(callSid, { CallStatus: 'in-progress', Language: 'en-GB', ...heard });
}

function statusParams(callSid: string, callStatus: string, sequenceNumber: number, duration?: number): Record<string, string> {
  return callParams(callSid, {
    CallStatus: callStatus,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequenceNumber),
    Timestamp: new Date().toUTCString(),
    ...(duration === undefined ? {} : { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) }),
  });
}

function signatureFor(path: string, params: Record<string, string>, token = TEST_TWILIO_TOKEN): string {
  return twilio.getExpectedTwilioSignature(token, TEST_PUBLIC_BASE_URL + path, params);
}

function postSigned(app: Express, path: string, params: Record<string, string>, signature = signatureFor(path, params)) {
  return request(app).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}

/** The path of a `<Gather>` action, to post the caller's answer where Twilio would. */
function actionPath(gather: TwimlNode): string {
  const action = gather.attributes.action!;
  expect(action.startsWith(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?`)).toBe(true);
  return action.slice(TEST_PUBLIC_BASE_URL.length);
}

/** The engine's `respond`, counted and optionally held at a gate, still answering for real. */
function watchEngine(services: Services, gate?: Promise<void>) {
  const { conversation } = services;
  const original = conversation.respond.bind(conversation);
  return jest.spyOn(conversation, 'respond').mockImplementation(async (input: EngineInput) => {
    if (gate) await gate;
    return original(input);
  });
}

/** A database whose queries are also written down, to see where a request has got to. */
function recordingDb(db: Db, seen: string[]): Db {
  return {
    ...db,
    query: ((text: string, params?: unknown[]) => {
      seen.push(text);
      return db.query(text, params);
    }) as Db['query'],
  };
}

const db = createTestDb();

describe('Twilio voice without Vapi (TwiML dialogue)', () => {
  const bus = createInProcessBus();
  const stream = createInProcessClinicEventStream({ bus });
  const { app, deps } = createTestApp(db, {}, { stream });
  let demoId: string;
  let ownerToken: string;

  async function callIdOf(callSid: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>("SELECT id FROM calls WHERE provider = 'twilio' AND provider_call_id = $1", [callSid]);
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  }

  async function callDetail(callId: string) {
    const response = await request(app).get(`/api/v1/clinics/${demoId}/calls/${callId}`).set('Authorization', `Bearer ${ownerToken}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function eventsOf(callId: string): Promise<StreamedEvent[]> {
    return (await stream.readAfter(demoId, 0)).filter((event) => event.callId === callId);
  }

  /** Posts a TwiML request and checks it is answered with TwiML. */
  async function postTwiml(path: string, params: Record<string, string>, target: Express = app): Promise<{ xml: string; twiml: TwimlNode }> {
    const response = await postSigned(target, path, params);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    return { xml: response.text, twiml: parseTwiml(response.text) };
  }

  async function answerCall(callSid: string) {
    return postTwiml('/webhooks/twilio/voice', callParams(callSid));
  }

  async function say(gather: TwimlNode, callSid: string, speech: string | undefined, target: Express = app) {
    return postTwiml(actionPath(gather), speechParams(callSid, speech), target);
  }

  beforeAll(async () => {
    ({ demoId, ownerToken } = await setUpDemo(db, app, deps.services, { ingestKnowledge: true }));
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await stream.close();
    await bus.close();
    await db.close();
  });

  describe('rules', () => {
    it.each<[string, TurnStep | undefined, string]>([
      ['completed', undefined, 'customer-ended-call'],
      ['completed', 'listen', 'customer-ended-call'],
      ['completed', 'forward', 'assistant-forwarded-call'],
      ['completed', 'hang-up', 'assistant-ended-call'],
      ['completed', 'silence-timeout', 'silence-timed-out'],
      ['busy', undefined, 'customer-busy'],
      ['no-answer', 'listen', 'customer-did-not-answer'],
      ['failed', undefined, 'twilio-failed-to-connect-call'],
      ['canceled', undefined, 'customer-ended-call'],
    ])('a call %s after step %s ended with %s', (status, step, reason) => {
      expect(endedReasonOf(status, step)).toBe(reason);
    });

    it.each<[Record<string, unknown>, ReturnType<typeof parseGatherPosition>]>([
      [{ turn: '1' }, { turn: 1, silenceCount: 0 }],
      [{ turn: '12', silence: '1' }, { turn: 12, silenceCount: 1 }],
      [{ turn: '0' }, undefined],
      [{ turn: '-1' }, undefined],
      [{ turn: '1.5' }, undefined],
      [{ turn: ['1', '2'] }, undefined],
      [{ turn: '3', silence: '2' }, undefined],
      [{}, undefined],
    ])('reads the gather position %j as %j', (query, position) => {
      expect(parseGatherPosition(query)).toEqual(position);
    });

    it("maps Twilio's live statuses onto the call statuses, and repeats the last words after a silence", () => {
      expect(['queued', 'initiated', 'ringing', 'in-progress', 'completed'].map(liveStatusOf)).toEqual(['queued', 'queued', 'ringing', 'in-progress', undefined]);
      expect(repromptFor('I can offer a HydraFacial on Tue 3 Mar at 10:00. Which would you like?')).toBe(
        "Sorry, I didn't catch that. I can offer a HydraFacial on Tue 3 Mar at 10:00. Which would you like?",
      );
    });

    it('greets with the AI disclosure and the recording notice when the clinic has no greeting of its own', () => {
      const clinic = { id: demoId, name: 'Harley Street Aesthetics', timezone: 'Europe/London', countryCode: 'GB', openingHours: [], services: [] };
      expect(buildVoiceGreeting({ ...clinic, settings: { ...DEFAULT_AGENT_SETTINGS, name: 'Ava', firstMessage: null, recordingEnabled: true } })).toBe(
        "Hello, thank you for calling Harley Street Aesthetics. You're speaking with Ava, Harley Street Aesthetics' AI receptionist, and this call may be recorded. How can I help you today?",
      );
      // An owner's greeting without the disclosure gets it added; a returning caller hears their name.
      expect(
        buildVoiceGreeting({ ...clinic, settings: { ...DEFAULT_AGENT_SETTINGS, name: 'Ava', firstMessage: 'Hello, Harley Street here. How can I help?', recordingEnabled: true } }, 'Olivia Grant'),
      ).toBe("Hello Olivia, Harley Street here. I'm Ava, the clinic's AI assistant. This call may be recorded. How can I help?");
    });
  });

  it('books an appointment over a whole speech dialogue, from the greeting to the end of the call', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    expect(greeting.name).toBe('Response');
    expect(verbsOf(greeting)).toEqual(['Gather', 'Gather>Say']);
    expect(gatherOf(greeting).attributes).toEqual({
      input: 'speech',
      action: `${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=1`,
      method: 'POST',
      speechTimeout: 'auto',
      language: 'en-GB',
      actionOnEmptyResult: 'true',
    });
    const welcome = spokenIn(greeting);
    expect(welcome).toContain('Ava');
    expect(welcome).toMatch(/\bAI\b/);
    expect(welcome).toMatch(/this call may be recorded/);

    const offer = (await say(gatherOf(greeting), callSid, "I'd like to book lip filler next Tuesday afternoon")).twiml;
    expect(verbsOf(offer)).toEqual(['Gather', 'Gather>Say']);
    expect(gatherOf(offer).attributes.action).toBe(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=2`);
    expect(spokenIn(offer)).toMatch(/^I can offer Lip filler \(1 ml\) on Tue .* Which would you like\?$/);

    // The caller says nothing: the offer is repeated, and still stands when they pick.
    const reprompt = (await say(gatherOf(offer), callSid, undefined)).twiml;
    expect(gatherOf(reprompt).attributes.action).toBe(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=3&silence=1`);
    expect(spokenIn(reprompt)).toBe(`Sorry, I didn't catch that. ${spokenIn(offer)}`);

    const booked = (await say(gatherOf(reprompt), callSid, 'The second one please')).twiml;
    expect(verbsOf(booked)).toEqual(['Gather', 'Gather>Say']);
    expect(gatherOf(booked).attributes.action).toBe(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=4`);
    expect(spokenIn(booked)).toMatch(/^You're booked for Lip filler \(1 ml\) on Tue/);

    const callId = await callIdOf(callSid);
    const { rows: appointments } = await db.query<{ source: string; call_id: string; status: string; phone_e164: string }>(
      `SELECT a.source, a.call_id, a.status, p.phone_e164 FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.clinic_id = $1`,
      [demoId],
    );
    expect(appointments).toEqual([{ source: 'voice', call_id: callId, status: 'booked', phone_e164: CALLER }]);

    expect((await postSigned(app, '/webhooks/twilio/voice-status', statusParams(callSid, 'completed', 3, 95))).status).toBe(204);
    const call = await callDetail(callId);
    expect(call).toMatchObject({ status: 'ended', outcome: 'booked', durationSeconds: 95, endedReason: 'customer-ended-call' });
    expect(call.appointments).toHaveLength(1);
    expect(call.transcript.map((line: { seq: number; role: string }) => [line.seq, line.role])).toEqual([
      [0, 'assistant'],
      [1, 'user'],
      [2, 'assistant'],
      [3, 'assistant'],
      [4, 'user'],
      [5, 'assistant'],
    ]);
    expect(call.transcript[0].text).toBe(welcome);
    expect(call.transcript[4].text).toBe('The second one please');

    const events = await eventsOf(callId);
    expect(events.filter((event) => event.type === 'call.started')).toHaveLength(1);
    const seqs = events.filter((event) => event.type === 'transcript').map((event) => (event.data as { seq: number }).seq);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5]);
    const ended = events.filter((event) => event.type === 'call.ended');
    expect(ended.map((event) => event.data)).toEqual([{ outcome: 'booked', summary: null, durationSeconds: 95, endedReason: 'customer-ended-call' }]);
  });

  it('says the emergency guidance and dials the on-call number when the caller describes an emergency', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    const reply = (await say(gatherOf(greeting), callSid, "My lips have gone blue and I can't breathe")).twiml;

    expect(verbsOf(reply)).toEqual(['Say', 'Dial', 'Say', 'Hangup']);
    const [guidance, dial] = reply.children;
    expect(guidance!.text).toMatch(/999/);
    expect(guidance!.text).toMatch(/connecting you to the clinic's on-call team/);
    expect(dial!.text).toBe(ON_CALL);
    expect(reply.children.some((node) => node.name === 'Gather')).toBe(false);

    const callId = await callIdOf(callSid);
    const { rows: escalations } = await db.query('SELECT kind, severity, channel, call_id FROM escalations WHERE clinic_id = $1 AND call_id = $2', [demoId, callId]);
    expect(escalations).toEqual([{ kind: 'emergency', severity: 'critical', channel: 'voice', call_id: callId }]);

    expect((await postSigned(app, '/webhooks/twilio/voice-status', statusParams(callSid, 'completed', 4, 140))).status).toBe(204);
    expect(await callDetail(callId)).toMatchObject({ status: 'ended', outcome: 'emergency', endedReason: 'assistant-forwarded-call', durationSeconds: 140 });
  });

  it('refuses a request whose signature is wrong or missing with 403, and stores nothing', async () => {
    const callSid = newCallSid();
    const params = callParams(callSid);
    const attempts = [
      postSigned(app, '/webhooks/twilio/voice', params, signatureFor('/webhooks/twilio/voice', params, 'another-auth-token')),
      postSigned(app, '/webhooks/twilio/voice', { ...params, From: '+447700900999' }, signatureFor('/webhooks/twilio/voice', params)),
      // Signed for another turn: the query string is part of what Twilio signs.
      postSigned(app, '/webhooks/twilio/voice/gather?turn=2', speechParams(callSid, 'hello'), signatureFor('/webhooks/twilio/voice/gather?turn=1', speechParams(callSid, 'hello'))),
      postSigned(app, '/webhooks/twilio/voice-status', statusParams(callSid, 'completed', 1, 10), 'not-a-signature'),
      request(app).post('/webhooks/twilio/voice').type('form').send(params),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.text).not.toMatch(/Say|Gather/);
    }
    const { rows } = await db.query<{ calls: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM calls WHERE provider_call_id = $1) AS calls,
              (SELECT count(*)::int FROM webhook_events WHERE idempotency_key LIKE $2) AS events`,
      [callSid, `%${callSid}%`],
    );
    expect(rows[0]).toEqual({ calls: 0, events: 0 });
  });

  it('runs the engine once for a turn posted twice at once and again later, and answers each with the same TwiML', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    // A second backend instance on the same database: duplicates meet only at the turn's row.
    const seenByFirst: string[] = [];
    const seenBySecond: string[] = [];
    const first = createTestApp(recordingDb(db, seenByFirst), {}, { stream });
    const second = createTestApp(recordingDb(db, seenBySecond), {}, { stream });
    const gate = createGate();
    const engines = [watchEngine(first.deps.services, gate.promise), watchEngine(second.deps.services, gate.promise)];
    const claims = (seen: string[]) => seen.filter((text) => text.includes('INSERT INTO twilio_voice_turns')).length;

    const replies = Promise.all([say(gatherOf(greeting), callSid, 'How much is a HydraFacial?', first.app), say(gatherOf(greeting), callSid, 'How much is a HydraFacial?', second.app)]);
    // Both deliveries have tried to claim the turn and one of them is inside the engine.
    await waitUntil(() => claims(seenByFirst) === 1 && claims(seenBySecond) === 1 && engines[0]!.mock.calls.length + engines[1]!.mock.calls.length === 1, {
      description: 'both deliveries at the turn, one in the engine',
    });
    gate.open();
    const [one, other] = await replies;
    const again = await say(gatherOf(greeting), callSid, 'How much is a HydraFacial?', first.app);

    expect(engines[0]!.mock.calls.length + engines[1]!.mock.calls.length).toBe(1);
    expect(other.xml).toBe(one.xml);
    expect(again.xml).toBe(one.xml);
    expect(spokenIn(one.twiml)).toContain('£150');
    expect(gatherOf(one.twiml).attributes.action).toBe(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=2`);

    const callId = await callIdOf(callSid);
    const { rows } = await db.query<{ role: string }>('SELECT role FROM transcript_segments WHERE call_id = $1 ORDER BY seq', [callId]);
    expect(rows.map((row) => row.role)).toEqual(['assistant', 'user', 'assistant']);
    const transcripts = (await eventsOf(callId)).filter((event) => event.type === 'transcript');
    expect(transcripts.map((event) => (event.data as { seq: number }).seq)).toEqual([0, 1, 2]);
  });

  it('answers the greeting retried by Twilio with the same TwiML, and one call', async () => {
    const callSid = newCallSid();
    const [one, other] = await Promise.all([answerCall(callSid), answerCall(callSid)]);
    const again = await answerCall(callSid);
    expect(other.xml).toBe(one.xml);
    expect(again.xml).toBe(one.xml);
    const callId = await callIdOf(callSid);
    const events = await eventsOf(callId);
    expect(events.filter((event) => event.type === 'call.started')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'transcript')).toHaveLength(1);
  });

  it('re-prompts once after a silence and says goodbye and hangs up after a second one', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    const reprompt = (await say(gatherOf(greeting), callSid, '')).twiml;
    expect(verbsOf(reprompt)).toEqual(['Gather', 'Gather>Say']);
    expect(gatherOf(reprompt).attributes.action).toBe(`${TEST_PUBLIC_BASE_URL}/webhooks/twilio/voice/gather?turn=2&silence=1`);
    expect(spokenIn(reprompt)).toMatch(/^Sorry, I didn't catch that\. Hello, thank you for calling Harley Street Aesthetics/);

    const goodbye = (await say(gatherOf(reprompt), callSid, undefined)).twiml;
    expect(verbsOf(goodbye)).toEqual(['Say', 'Hangup']);
    expect(spokenIn(goodbye)).toMatch(/Goodbye\.$/);

    expect((await postSigned(app, '/webhooks/twilio/voice-status', statusParams(callSid, 'completed', 3, 21))).status).toBe(204);
    const call = await callDetail(await callIdOf(callSid));
    expect(call).toMatchObject({ status: 'ended', outcome: 'abandoned', endedReason: 'silence-timed-out', durationSeconds: 21 });
    expect(call.transcript.map((line: { role: string }) => line.role)).toEqual(['assistant', 'assistant', 'assistant']);
    // The end of the call queues its on-call follow-up (it texts only if the outcome stays unresolved).
    const followups = await db.query(`SELECT status FROM jobs WHERE kind = 'sms.call-followup' AND payload->>'callId' = $1`, [call.id]);
    expect(followups.rows).toEqual([{ status: 'queued' }]);
  });

  it('ends the call once on the first final status, whatever arrives after it', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    await say(gatherOf(greeting), callSid, 'What are your opening hours?');
    const callId = await callIdOf(callSid);

    const statuses = [statusParams(callSid, 'completed', 3, 42), statusParams(callSid, 'ringing', 1), statusParams(callSid, 'in-progress', 2), statusParams(callSid, 'completed', 3, 42)];
    for (const params of statuses) {
      expect((await postSigned(app, '/webhooks/twilio/voice-status', params)).status).toBe(204);
    }
    const call = await callDetail(callId);
    expect(call).toMatchObject({ status: 'ended', outcome: 'answered', durationSeconds: 42, endedReason: 'customer-ended-call' });
    expect(call.transcript.map((line: { role: string; text: string }) => [line.role, line.text])).toEqual([
      ['assistant', expect.stringContaining('Ava')],
      ['user', 'What are your opening hours?'],
      ['assistant', expect.any(String)],
    ]);

    const events = await eventsOf(callId);
    expect(events.filter((event) => event.type === 'call.ended')).toHaveLength(1);
    const statusEvents = events.filter((event) => event.type === 'call.status').map((event) => (event.data as { status: string }).status);
    expect(statusEvents).toEqual(['in-progress', 'ended']);
  });

  it('tells a caller of a number no clinic owns that it is not connected, and stores nothing', async () => {
    const callSid = newCallSid();
    const { twiml } = await postTwiml('/webhooks/twilio/voice', callParams(callSid, { To: '+442079469999', Called: '+442079469999' }));
    expect(verbsOf(twiml)).toEqual(['Say', 'Hangup']);
    expect(spokenIn(twiml)).toMatch(/isn't connected to a clinic/);
    const { rows } = await db.query('SELECT id FROM calls WHERE provider_call_id = $1', [callSid]);
    expect(rows).toEqual([]);
  });

  it('apologises in TwiML and hangs up when the engine fails, and answers a retry the same way', async () => {
    const callSid = newCallSid();
    const greeting = (await answerCall(callSid)).twiml;
    jest.spyOn(deps.services.conversation, 'respond').mockRejectedValue(new Error('engine down'));
    const failed = await say(gatherOf(greeting), callSid, 'Can I book a HydraFacial?');
    expect(verbsOf(failed.twiml)).toEqual(['Say', 'Hangup']);
    expect(spokenIn(failed.twiml)).toMatch(/^Sorry, something went wrong/);
    expect(failed.xml).not.toMatch(/engine down|Error/);
    expect((await say(gatherOf(greeting), callSid, 'Can I book a HydraFacial?')).xml).toBe(failed.xml);
  });
});
