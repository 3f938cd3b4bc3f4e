import http from 'node:http';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { signVapiRequest } from '../src/simulator/vapi-signing';
const N = Number(process.env.N ?? 10000), CONC = Number(process.env.CONC ?? 20);
const target = new URL(process.env.TARGET ?? 'http://127.0.0.1:3001/webhooks/vapi');
const callId = `bench-${Date.now()}`;
const base = { call: { id: callId, type: 'inboundPhoneCall', phoneNumberId: 'pn_demo', customer: { number: '+447700900321' } }, phoneNumber: { number: '+442079460000' }, customer: { number: '+447700900321' } };
const agents = Array.from({ length: CONC }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
function post(agent: http.Agent, body: string): Promise<number> {
  const headers = signVapiRequest({ secret: 'dev-vapi-secret', rawBody: body, nowMs: Date.now() });
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject); req.end(body);
  });
}
function pidCpu(pid: number): number { const s = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(s[11]) + Number(s[12])) * 10; }
(async () => {
  const pid = Number(process.env.PID);
  await post(agents[0]!, JSON.stringify({ message: { ...base, type: 'assistant-request', timestamp: Date.now() } }));
  const kind = process.env.KIND ?? 'partial';
  const watchers = Number(process.env.WATCHERS ?? 0); let received = 0; const sockets: WebSocket[] = [];
  if (watchers > 0) {
    const login = await (await fetch('http://127.0.0.1:3001/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@demo.clinic', password: 'demo-owner-pass' }) })).json() as { token: string; memberships: { clinicId: string }[] };
    for (let w = 0; w < watchers; w++) {
      const { ticket } = await (await fetch('http://127.0.0.1:3001/api/v1/realtime/ticket', { method: 'POST', headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' }, body: '{}' })).json() as { ticket: string };
      const socket = new WebSocket(`ws://127.0.0.1:3001/ws?ticket=${ticket}&clinicId=${login.memberships[0]!.clinicId}`);
      socket.on('message', (raw) => { JSON.parse(raw.toString()); received++; });
      await new Promise((r) => socket.once('open', r)); sockets.push(socket);
    }
  }
  const c0 = pidCpu(pid); const t0 = Date.now(); let sent = 0;
  await Promise.all(agents.map(async (agent) => { while (sent < N) { const i = sent++; const msg = kind === 'partial' ? { ...base, type: 'transcript', transcriptType: 'partial', role: i % 2 ? 'user' : 'assistant', transcript: `I would like to book a filler appointment number ${i}`, timestamp: Date.now() } : { ...base, type: 'speech-update', status: i % 2 ? 'started' : 'stopped', role: 'user', timestamp: Date.now() }; const code = await post(agent, JSON.stringify({ message: msg })); if (code !== 200) throw new Error(String(code)); } }));
  const cpu = pidCpu(pid) - c0;
  console.log(`${kind}: ${N} requests in ${Date.now() - t0} ms; backend cpu ${cpu} ms = ${(cpu / N * 1000).toFixed(0)} µs/request`);
  for (const a of agents) a.destroy();
  console.log('socket events', received); for (const s of sockets) s.close();
})();
