/**
 * A fortnight of made-up activity for the demo clinics, so that a fresh `npm start` shows a dashboard
 * with something in it: ended calls with transcripts and outcomes, the appointments they booked,
 * SMS threads, and escalations (one still open). Written straight into the tables with the shapes
 * the live paths produce, in one transaction per clinic, only when the database was just seeded
 * (never in production, never by the test fixtures). Deterministic: the same script every time,
 * placed relative to `now`.
 */
import type { Db, Queryable } from '../platform/db';
import type { Logger } from '../platform/logger';

type Turn = ['user' | 'assistant', string];

type CallScript = {
  outcome: 'booked' | 'answered' | 'message_taken' | 'escalated' | 'emergency' | 'abandoned';
  summary: string;
  turns: Turn[];
  /** The service an outcome `booked` books. */
  books?: string;
  escalation?: { kind: 'emergency' | 'human' | 'complaint'; severity: 'critical' | 'high' | 'medium'; summary: string };
};

type Patient = { name: string; phone: string };

type ClinicActivity = { patients: Patient[]; calls: CallScript[]; texts: Array<{ patient: number; thread: Turn[] }> };

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 14;

// Ofcom's drama range (07700 900000–900999): numbers that reach nobody.
const HARLEY_PATIENTS: Patient[] = [
  { name: 'Olivia Bennett', phone: '+447700900201' },
  { name: 'Hannah Clarke', phone: '+447700900202' },
  { name: 'Chloe Patel', phone: '+447700900203' },
  { name: 'Emily Walsh', phone: '+447700900204' },
  { name: 'Jessica Moore', phone: '+447700900205' },
  { name: 'Sophie Turner', phone: '+447700900206' },
  { name: 'Amira Khan', phone: '+447700900207' },
  { name: 'Laura Evans', phone: '+447700900208' },
  { name: 'Rachel Green', phone: '+447700900209' },
  { name: 'Megan Hughes', phone: '+447700900210' },
];

const HARLEY_ACTIVITY: ClinicActivity = {
  patients: HARLEY_PATIENTS,
  calls: [
    {
      outcome: 'booked',
      books: 'Lip filler (1 ml)',
      summary: 'Booked lip filler (1 ml); caller asked about the deposit.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'Hi, I would like to book lip filler please.'],
        ['assistant', 'Of course. Lip filler (1 ml) is £280 and takes 45 minutes, with a £50 deposit. Which day suits you?'],
        ['user', 'Next Tuesday afternoon if possible.'],
        ['assistant', 'I have 14:00 or 15:30 on Tuesday with Nurse Priya Shah. Which would you like?'],
        ['user', 'Two o’clock is perfect.'],
        ['assistant', 'You are booked for lip filler on Tuesday at 14:00. You will get a text to confirm.'],
      ],
    },
    {
      outcome: 'answered',
      summary: 'Asked about opening hours and parking.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'What time are you open on Saturdays?'],
        ['assistant', 'On Saturdays we are open from 10:00 to 14:00.'],
        ['user', 'And is there parking nearby?'],
        ['assistant', 'There is no parking at the clinic itself; the nearest car park is on Cavendish Square, a five-minute walk.'],
        ['user', 'Lovely, thank you.'],
      ],
    },
    {
      outcome: 'booked',
      books: 'HydraFacial',
      summary: 'Booked a HydraFacial with Sophie Lane.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'Can I get a HydraFacial this week?'],
        ['assistant', 'A HydraFacial is £150 and takes an hour. I can offer Thursday at 11:00 or Friday at 16:00.'],
        ['user', 'Thursday at eleven.'],
        ['assistant', 'Done: HydraFacial on Thursday at 11:00 with Sophie Lane. We will text you a confirmation.'],
      ],
    },
    {
      outcome: 'answered',
      summary: 'Asked the price of anti-wrinkle injections for two areas.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'How much is Botox for forehead and frown lines?'],
        ['assistant', 'Anti-wrinkle injections for two areas are £250, and every treatment starts with a consultation with one of our prescribers.'],
        ['user', 'Okay, I will think about it.'],
      ],
    },
    {
      outcome: 'emergency',
      summary: 'Caller reported swelling and difficulty breathing after filler; told to call 999, on-call doctor alerted.',
      escalation: { kind: 'emergency', severity: 'critical', summary: 'Swelling and difficulty breathing after lip filler yesterday' },
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'I had filler yesterday and my lips are really swollen and I am finding it hard to breathe.'],
        ['assistant', 'That could be serious. Please hang up and call 999 now. I am alerting our on-call doctor straight away.'],
      ],
    },
    {
      outcome: 'message_taken',
      summary: 'Wants Dr Hart to call back about her treatment plan.',
      escalation: { kind: 'human', severity: 'medium', summary: 'Asked for a call back from Dr Hart about her treatment plan' },
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'Could Dr Hart call me back about my treatment plan?'],
        ['assistant', 'I can’t discuss treatment plans, but I have passed your request to the team and someone will call you back today.'],
      ],
    },
    {
      outcome: 'booked',
      books: 'Free consultation',
      summary: 'Booked a free consultation about skin treatments.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'I am not sure what treatment I need for my skin, can I come in for a chat?'],
        ['assistant', 'Yes, a free 30-minute consultation is the best place to start. Would Monday at 10:00 work?'],
        ['user', 'Yes please.'],
        ['assistant', 'You are booked for a free consultation on Monday at 10:00.'],
      ],
    },
    {
      outcome: 'abandoned',
      summary: 'Caller hung up before saying anything.',
      turns: [['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?']],
    },
    {
      outcome: 'escalated',
      summary: 'Unhappy with the result of a chemical peel; passed to the team.',
      escalation: { kind: 'complaint', severity: 'high', summary: 'Unhappy with the result of her chemical peel, wants to speak to a manager' },
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'I am not happy with my chemical peel last week and I want to speak to a manager.'],
        ['assistant', 'I am sorry to hear that. I have passed this to the clinic manager, who will call you back today.'],
      ],
    },
    {
      outcome: 'answered',
      summary: 'Asked whether laser hair removal needs a patch test.',
      turns: [
        ['assistant', 'Hello, you are through to Harley Street Aesthetics. I am Ava, the clinic’s AI assistant. How can I help?'],
        ['user', 'Do I need a patch test before laser hair removal?'],
        ['assistant', 'Yes, a patch test 48 hours before the first session is needed for every laser hair removal treatment.'],
      ],
    },
  ],
  texts: [
    {
      patient: 2,
      thread: [
        ['user', 'Hi, how much is cheek filler?'],
        ['assistant', 'Cheek filler is £350 and takes 45 minutes, with a £50 deposit. Reply BOOK to find a time, or ask me anything else.'],
        ['user', 'Thanks, I will call next week.'],
      ],
    },
    {
      patient: 5,
      thread: [
        ['user', 'Are you open on Sunday?'],
        ['assistant', 'We are closed on Sundays. Opening hours: Mon–Fri 09:00–18:00, Sat 10:00–14:00.'],
      ],
    },
    {
      patient: 7,
      thread: [
        ['user', 'Can I move my HydraFacial to next week?'],
        ['assistant', 'I can offer Wednesday 10:00 or Thursday 15:00 next week. Which would you like?'],
        ['user', 'Wednesday please'],
        ['assistant', 'Done: your HydraFacial is now on Wednesday at 10:00.'],
      ],
    },
  ],
};

const NORTHSIDE_ACTIVITY: ClinicActivity = {
  patients: [
    { name: 'Daniel Reid', phone: '+447700900301' },
    { name: 'Aisha Begum', phone: '+447700900302' },
    { name: 'Tom Walker', phone: '+447700900303' },
  ],
  calls: [
    {
      outcome: 'booked',
      books: 'Check-up',
      summary: 'Booked a check-up.',
      turns: [
        ['assistant', 'Hello, Northside Dental, I am Sam, the practice’s AI assistant. How can I help?'],
        ['user', 'I need a check-up, it has been a while.'],
        ['assistant', 'A check-up is £55 and takes 30 minutes. I can offer Wednesday at 09:30.'],
        ['user', 'That works.'],
        ['assistant', 'You are booked for a check-up on Wednesday at 09:30.'],
      ],
    },
    {
      outcome: 'answered',
      summary: 'Asked how much a hygienist clean costs.',
      turns: [
        ['assistant', 'Hello, Northside Dental, I am Sam, the practice’s AI assistant. How can I help?'],
        ['user', 'How much is a hygienist clean?'],
        ['assistant', 'A hygienist clean is £70 and takes 45 minutes.'],
      ],
    },
  ],
  texts: [],
};

const ACTIVITY_BY_SLUG: Record<string, ClinicActivity> = { demo: HARLEY_ACTIVITY, northside: NORTHSIDE_ACTIVITY };

/** A small deterministic generator (mulberry32) so the demo is the same on every fresh start. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Midnight UTC of the day `daysAgo` before `now`, plus `minutes`. */
function at(now: Date, daysAgo: number, minutes: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - daysAgo * DAY_MS + minutes * 60_000);
}

function isWeekday(date: Date): boolean {
  const day = date.getUTCDay();
  return day >= 1 && day <= 5;
}

export async function seedDemoActivity(db: Db, logger: Logger, now = new Date()): Promise<void> {
  for (const [slug, activity] of Object.entries(ACTIVITY_BY_SLUG)) {
    const counts = await db.transaction((tx) => seedClinicActivity(tx, slug, activity, now));
    if (counts) logger.info('demo activity seeded', { clinic: slug, ...counts });
  }
}

async function seedClinicActivity(tx: Queryable, slug: string, activity: ClinicActivity, now: Date) {
  const { rows: clinics } = await tx.query<{ id: string; phone: string }>(
    `SELECT c.id, p.e164 AS phone FROM clinics c JOIN clinic_phone_numbers p ON p.clinic_id = c.id WHERE c.slug = $1 LIMIT 1`,
    [slug],
  );
  const clinic = clinics[0];
  if (!clinic) return null;
  const { rows: existing } = await tx.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM calls WHERE clinic_id = $1) AS present', [clinic.id]);
  if (existing[0]?.present) return null;

  const patientIds: string[] = [];
  for (const patient of activity.patients) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO patients (clinic_id, phone_e164, name) VALUES ($1, $2, $3)
       ON CONFLICT (clinic_id, phone_e164) DO UPDATE SET name = COALESCE(patients.name, EXCLUDED.name) RETURNING id`,
      [clinic.id, patient.phone, patient.name],
    );
    patientIds.push(rows[0]!.id);
  }

  const next = random(slug.length * 7919);
  const callsPerDay = slug === 'demo' ? [2, 5] : [0, 2];
  let calls = 0;
  let appointments = 0;
  let escalations = 0;
  // Appointments start on distinct quarter hours so no practitioner is ever double-booked.
  const usedStarts = new Set<number>();

  for (let daysAgo = HISTORY_DAYS - 1; daysAgo >= 0; daysAgo -= 1) {
    const count = callsPerDay[0]! + Math.floor(next() * (callsPerDay[1]! - callsPerDay[0]! + 1));
    for (let index = 0; index < count; index += 1) {
      const startsAt = at(now, daysAgo, 9 * 60 + Math.floor(next() * 8 * 60));
      if (startsAt.getTime() > now.getTime() - 30 * 60_000) continue;
      const script = activity.calls[Math.floor(next() * activity.calls.length)]!;
      const patientIndex = Math.floor(next() * activity.patients.length);
      const patientId = patientIds[patientIndex]!;
      const patient = activity.patients[patientIndex]!;
      const durationSeconds = script.outcome === 'abandoned' ? 6 + Math.floor(next() * 10) : 45 + script.turns.length * 12 + Math.floor(next() * 60);
      const endedAt = new Date(startsAt.getTime() + durationSeconds * 1000);
      const callId = await insertCall(tx, clinic, { script, patientId, patient, startsAt, endedAt, durationSeconds, sequence: calls });
      calls += 1;

      if (script.books) {
        const booked = await insertAppointment(tx, clinic.id, { serviceName: script.books, patientId, callId, bookedAt: endedAt, now, next, usedStarts });
        if (booked) appointments += 1;
      }
      if (script.escalation) {
        const status = daysAgo <= 1 ? 'acknowledged' : 'resolved';
        await tx.query(
          `INSERT INTO escalations (clinic_id, kind, severity, status, channel, summary, patient_id, call_id,
                                    acknowledged_at, resolved_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'voice', $5, $6, $7,
                   CASE WHEN $4 <> 'open' THEN $8::timestamptz + interval '4 minutes' END,
                   CASE WHEN $4 = 'resolved' THEN $8::timestamptz + interval '40 minutes' END, $8, $8)`,
          [clinic.id, script.escalation.kind, script.escalation.severity, status, script.escalation.summary, patientId, callId, endedAt],
        );
        escalations += 1;
      }
    }
  }

  // The newest request for a person is still waiting, so the queue has something to act on.
  await tx.query(
    `UPDATE escalations SET status = 'open', acknowledged_at = NULL, resolved_at = NULL
      WHERE id = (SELECT id FROM escalations WHERE clinic_id = $1 AND kind <> 'emergency' ORDER BY created_at DESC LIMIT 1)`,
    [clinic.id],
  );

  let texts = 0;
  for (const [threadIndex, { patient, thread }] of activity.texts.entries()) {
    const person = activity.patients[patient]!;
    let sentAt = at(now, 1 + threadIndex * 2, 10 * 60 + threadIndex * 37);
    for (const [role, body] of thread) {
      const inbound = role === 'user';
      await tx.query(
        `INSERT INTO messages (clinic_id, patient_id, direction, kind, from_number, to_number, body, status, segments, sent_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'conversation', $4, $5, $6, $7, 1, $8, $8, $8)`,
        [clinic.id, patientIds[patient], inbound ? 'inbound' : 'outbound', inbound ? person.phone : clinic.phone, inbound ? clinic.phone : person.phone, body, inbound ? 'received' : 'delivered', sentAt],
      );
      texts += 1;
      sentAt = new Date(sentAt.getTime() + (inbound ? 20_000 : 6 * 60_000));
    }
  }
  return { calls, appointments, escalations, texts };
}

type CallRow = {
  script: CallScript;
  patientId: string;
  patient: Patient;
  startsAt: Date;
  endedAt: Date;
  durationSeconds: number;
  sequence: number;
};

async function insertCall(tx: Queryable, clinic: { id: string; phone: string }, call: CallRow): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO calls (clinic_id, patient_id, provider, provider_call_id, direction, status, from_number, to_number,
                        started_at, ended_at, outcome, summary, ended_reason, duration_seconds, status_at,
                        report_received_at, emergency_at, created_at, updated_at)
     VALUES ($1, $2, 'vapi', $3, 'inbound', 'ended', $4, $5, $6, $7, $8, $9, $10, $11, $7, $7,
             CASE WHEN $8 = 'emergency' THEN $6::timestamptz + interval '20 seconds' END, $6, $7)
     RETURNING id`,
    [
      clinic.id,
      call.patientId,
      `demo-${clinic.id.slice(0, 8)}-${call.sequence}`,
      call.patient.phone,
      clinic.phone,
      call.startsAt,
      call.endedAt,
      call.script.outcome,
      call.script.summary,
      call.script.outcome === 'abandoned' ? 'customer-ended-call' : call.script.outcome === 'emergency' ? 'assistant-forwarded-call' : 'customer-ended-call',
      call.durationSeconds,
    ],
  );
  const callId = rows[0]!.id;
  const spacing = Math.max(4, Math.floor(call.durationSeconds / Math.max(1, call.script.turns.length)));
  for (const [seq, [role, text]] of call.script.turns.entries()) {
    await tx.query(
      `INSERT INTO transcript_segments (clinic_id, call_id, seq, role, text, is_final, spoken_at, created_at)
       VALUES ($1, $2, $3, $4, $5, true, $6, $6)`,
      [clinic.id, callId, seq, role, text, new Date(call.startsAt.getTime() + seq * spacing * 1000)],
    );
  }
  return callId;
}

type AppointmentRequest = {
  serviceName: string;
  patientId: string;
  callId: string;
  bookedAt: Date;
  now: Date;
  next: () => number;
  usedStarts: Set<number>;
};

/** The booking a call made: 1–10 days after the call, on a weekday, with a practitioner who offers the service. */
async function insertAppointment(tx: Queryable, clinicId: string, request: AppointmentRequest): Promise<boolean> {
  const { rows } = await tx.query<{ service_id: string; practitioner_id: string; duration_minutes: number }>(
    `SELECT s.id AS service_id, ps.practitioner_id, s.duration_minutes
       FROM services s JOIN practitioner_services ps ON ps.service_id = s.id AND ps.clinic_id = s.clinic_id
      WHERE s.clinic_id = $1 AND s.name = $2 ORDER BY ps.practitioner_id LIMIT 1`,
    [clinicId, request.serviceName],
  );
  const service = rows[0];
  if (!service) return false;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const daysAhead = 1 + Math.floor(request.next() * 10);
    const day = new Date(Date.UTC(request.bookedAt.getUTCFullYear(), request.bookedAt.getUTCMonth(), request.bookedAt.getUTCDate() + daysAhead));
    if (!isWeekday(day)) continue;
    // One appointment per two-hour block (09, 11, 13, 15 UTC), starting in its first hour: services
    // last at most an hour, so none can overlap another, whoever the practitioner.
    const blockStart = day.getTime() + (9 + 2 * Math.floor(request.next() * 4)) * 3_600_000;
    if (request.usedStarts.has(blockStart)) continue;
    request.usedStarts.add(blockStart);
    const startsAt = new Date(blockStart + 15 * Math.floor(request.next() * 4) * 60_000);
    const endsAt = new Date(startsAt.getTime() + service.duration_minutes * 60_000);
    const isPast = endsAt.getTime() < request.now.getTime();
    await tx.query(
      `INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at, status, source, call_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'voice', $8, $9, $9)`,
      [clinicId, request.patientId, service.service_id, service.practitioner_id, startsAt, endsAt, isPast ? 'completed' : 'confirmed', request.callId, request.bookedAt],
    );
    return true;
  }
  return false;
}
