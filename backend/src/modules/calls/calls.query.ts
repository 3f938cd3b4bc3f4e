import type { Queryable } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/keyset-cursor';
import type {
  CallAppointment,
  CallDetail,
  CallEscalation,
  CallListQuery,
  CallOutcome,
  CallPage,
  CallStatusFilter,
  CallSummary,
  CallToolUse,
  TranscriptSegment,
} from './calls.schemas';

/**
 * The read side of calls for the dashboard: the list (keyset pages, search, filters) and the
 * detail. Writes belong to the call pipeline; nothing here changes a row.
 */

// Text search uses the 'simple' configuration (migration 0010 stores the vectors): no stemming
// or stop words, so names, drug and treatment names match as typed, and a prefix query
// (`fill:*`) covers word endings instead.

const MAX_SEARCH_TERMS = 6;
const MAX_TERM_LENGTH = 50;
// Shorter terms match whole words only: a one- or two-letter prefix matches nearly everything.
const MIN_PREFIX_TERM_LENGTH = 3;
const MIN_PHONE_DIGITS = 3;
const PHONE_LIKE = /^[+\d\s().-]+$/;

const LIVE_STATUSES = ['queued', 'ringing', 'in-progress', 'forwarding'] as const;

export type CallSearch = { kind: 'phone'; digits: string } | { kind: 'text'; terms: string[] } | { kind: 'none' };

/**
 * Reads a search box: something that looks like a phone number searches caller numbers (a
 * national `07700 900123` finds `+447700900123`); anything else is words, every one of which must
 * appear somewhere in the call — transcript, summary, caller name or number.
 */
export function parseCallSearch(q: string | undefined): CallSearch {
  const text = q?.trim() ?? '';
  if (text === '') return { kind: 'none' };
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\(0\)/g, '').replace(/\D/g, '').replace(/^00?/, '');
    if (digits.length >= MIN_PHONE_DIGITS) return { kind: 'phone', digits };
  }
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.map((word) => word.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_SEARCH_TERMS);
  return terms.length === 0 ? { kind: 'none' } : { kind: 'text', terms };
}

/** A tsquery for one term; terms hold letters and digits only, so nothing in them is tsquery syntax. */
function termQuery(term: string): string {
  return term.length >= MIN_PREFIX_TERM_LENGTH ? `${term}:*` : term;
}

/** Collects parameters and hands back their placeholders, so SQL text never holds input. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function statusCondition(filters: CallStatusFilter[], params: Params): string | undefined {
  const statuses = new Set<string>(filters.flatMap((filter) => (filter === 'live' ? [...LIVE_STATUSES] : [filter])));
  const isLive = LIVE_STATUSES.every((status) => statuses.has(status));
  if (isLive && statuses.has('ended')) return undefined;
  // Written as `<> 'ended'` so the planner can use the partial index of live calls.
  if (isLive) return `c.status <> 'ended'`;
  return `c.status = ANY(${params.add([...statuses])}::text[])`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `from` / `to` as instants: a bare date is a day in the clinic's timezone. Resolved before the
 * list query so the planner sees real bounds instead of guessing a range's size.
 */
async function resolveTimeBounds(db: Queryable, clinicId: string, query: CallListQuery): Promise<{ from?: string; to?: string }> {
  const isFromDate = query.from !== undefined && DATE_ONLY.test(query.from);
  const isToDate = query.to !== undefined && DATE_ONLY.test(query.to);
  if (!isFromDate && !isToDate) return { from: query.from, to: query.to };
  const { rows } = await db.query<{ from_at: Date | null; to_at: Date | null }>(
    `SELECT ($2::date::timestamp AT TIME ZONE timezone) AS from_at, (($3::date + 1)::timestamp AT TIME ZONE timezone) AS to_at
       FROM clinics WHERE id = $1`,
    [clinicId, isFromDate ? query.from : null, isToDate ? query.to : null],
  );
  const bounds = rows[0];
  return {
    from: isFromDate ? bounds?.from_at?.toISOString() : query.from,
    to: isToDate ? bounds?.to_at?.toISOString() : query.to,
  };
}

// Whether a word is common is judged on the clinic's newest calls, the ones a page shows first:
// found in at least this many of them, walking calls newest first finds a page of matches after a
// few hundred calls, each checked against its own segments. A rarer word is looked up in the GIN
// index once (cost grows with its matches) and the walk only checks membership. The probe costs
// the same for every word, unlike a count through the index.
const PROBE_CALLS = 100;
const COMMON_TERM_CALLS = 10;

/** For each term, whether it is common among the clinic's newest calls; one query for all terms. */
async function findCommonTerms(db: Queryable, clinicId: string, terms: string[]): Promise<boolean[]> {
  const counts = terms.map(
    (_, index) =>
      `count(*) FILTER (WHERE (SELECT bool_or(s.search_tsv @@ to_tsquery('simple', $${index + 3}))
          FROM transcript_segments s WHERE s.call_id = recent.id AND s.is_final)) AS t${index}`,
  );
  const { rows } = await db.query<Record<string, string>>(
    `SELECT ${counts.join(', ')}
       FROM (SELECT id FROM calls WHERE clinic_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2) AS recent`,
    [clinicId, PROBE_CALLS, ...terms.map(termQuery)],
  );
  const found = rows[0] ?? {};
  return terms.map((_, index) => Number(found[`t${index}`] ?? 0) >= COMMON_TERM_CALLS);
}

/**
 * One condition per search term (all must hold), each over the call's transcript, summary, caller
 * name and number. Only conditions on the call row itself, so the planner filters calls while
 * walking them newest first and joins patients for the page only.
 */
function searchConditions(search: CallSearch, isCommon: boolean[], clinic: string, params: Params): string[] {
  if (search.kind === 'none') return [];
  if (search.kind === 'phone') return [`c.from_number LIKE ${params.add(`%${search.digits}%`)}`];
  return search.terms.map((term, index) => {
    const tsquery = `to_tsquery('simple', ${params.add(termQuery(term))})`;
    // Names match from the start of a word, like the prefix query: `ross` finds Rossi.
    const name = params.add(term.length >= MIN_PREFIX_TERM_LENGTH ? `\\m${term}` : `\\m${term}\\M`);
    const alternatives = [
      // A scalar sub-query runs per call (its 20-odd segments, by index); an IN list would be
      // built in full first, which is what a rare word wants and a common one does not.
      isCommon[index]
        ? `(SELECT bool_or(s.search_tsv @@ ${tsquery}) FROM transcript_segments s WHERE s.call_id = c.id AND s.is_final)`
        : `c.id IN (SELECT s.call_id FROM transcript_segments s WHERE s.clinic_id = ${clinic} AND s.is_final AND s.search_tsv @@ ${tsquery})`,
      `c.summary_tsv @@ ${tsquery}`,
      `c.patient_id IN (SELECT n.id FROM patients n WHERE n.clinic_id = ${clinic} AND n.name ~* ${name})`,
      `(c.patient_id IS NULL AND c.from_number IN (SELECT n.phone_e164 FROM patients n WHERE n.clinic_id = ${clinic} AND n.name ~* ${name}))`,
    ];
    if (/^\d+$/.test(term) && term.length >= MIN_PHONE_DIGITS) alternatives.push(`c.from_number LIKE ${params.add(`%${term}%`)}`);
    return `(${alternatives.join(' OR ')})`;
  });
}

// The patient on the call, else the patient whose number called (a caller recognised before the
// pipeline linked them, or a call it never linked).
const PATIENT_JOIN = `
  LEFT JOIN patients linked ON linked.clinic_id = c.clinic_id AND linked.id = c.patient_id
  LEFT JOIN patients known ON c.patient_id IS NULL AND known.clinic_id = c.clinic_id AND known.phone_e164 = c.from_number
  CROSS JOIN LATERAL (SELECT coalesce(linked.id, known.id) AS id, coalesce(linked.name, known.name) AS name) p`;

const SUMMARY_COLUMNS = `c.id, c.status, c.direction, c.from_number, c.to_number, c.outcome, c.summary, c.ended_reason,
  c.duration_seconds, (c.recording_url IS NOT NULL OR c.stereo_recording_url IS NOT NULL) AS has_recording,
  c.emergency_at IS NOT NULL AS is_emergency, c.started_at, c.ended_at, c.created_at,
  to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key,
  p.id AS patient_id, p.name AS patient_name`;

type SummaryRow = {
  id: string;
  status: string;
  direction: CallSummary['direction'];
  from_number: string | null;
  to_number: string | null;
  outcome: CallOutcome | null;
  summary: string | null;
  ended_reason: string | null;
  duration_seconds: number | null;
  has_recording: boolean;
  is_emergency: boolean;
  started_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
  created_at_key: string;
  patient_id: string | null;
  patient_name: string | null;
};

type DetailRow = SummaryRow & {
  recording_url: string | null;
  stereo_recording_url: string | null;
  analysis: Record<string, unknown> | null;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toSummary(row: SummaryRow): CallSummary {
  return {
    id: row.id,
    status: row.status,
    direction: row.direction,
    fromNumber: row.from_number,
    toNumber: row.to_number,
    patient: row.patient_id ? { id: row.patient_id, name: row.patient_name } : null,
    callerName: row.patient_name,
    outcome: row.outcome,
    summary: row.summary,
    endedReason: row.ended_reason,
    durationSeconds: row.duration_seconds,
    hasRecording: row.has_recording,
    isEmergency: row.is_emergency,
    startedAt: row.started_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function createCallsQuery(db: Queryable) {
  return {
    /** Newest first (creation time, then id), `limit` per page; `nextCursor` is null on the last page. */
    async listCalls(clinicId: string, query: CallListQuery): Promise<CallPage> {
      const params = new Params();
      const clinic = params.add(clinicId);
      const conditions = [`c.clinic_id = ${clinic}`];
      if (query.outcome) conditions.push(`c.outcome = ANY(${params.add(query.outcome)}::text[])`);
      const status = query.status ? statusCondition(query.status, params) : undefined;
      if (status) conditions.push(status);
      const bounds = await resolveTimeBounds(db, clinicId, query);
      if (bounds.from) conditions.push(`c.created_at >= ${params.add(bounds.from)}::timestamptz`);
      if (bounds.to) conditions.push(`c.created_at < ${params.add(bounds.to)}::timestamptz`);
      const search = parseCallSearch(query.q);
      const isCommon = search.kind === 'text' ? await findCommonTerms(db, clinicId, search.terms) : [];
      conditions.push(...searchConditions(search, isCommon, clinic, params));
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        conditions.push(`(c.created_at, c.id) < (${params.add(after.createdAtKey)}::timestamptz, ${params.add(after.id)}::uuid)`);
      }
      const { rows } = await db.query<SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS}
           FROM calls c ${PATIENT_JOIN}
          WHERE ${conditions.join('\n            AND ')}
          ORDER BY c.created_at DESC, c.id DESC
          LIMIT ${params.add(query.limit + 1)}`,
        params.values,
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toSummary),
        nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAtKey: last.created_at_key, id: last.id }) : null,
      };
    },

    /** One call with its transcript, tools, appointments and escalations; another clinic's call is not found. */
    async getCall(clinicId: string, callId: string): Promise<CallDetail> {
      const { rows } = await db.query<DetailRow>(
        `SELECT ${SUMMARY_COLUMNS}, c.recording_url, c.stereo_recording_url, c.analysis
           FROM calls c ${PATIENT_JOIN}
          WHERE c.clinic_id = $1 AND c.id = $2`,
        [clinicId, callId],
      );
      const call = rows[0];
      if (!call) throw notFound('Call');
      const [transcript, tools, appointments, escalations] = await Promise.all([
        db.query<{ seq: number; role: TranscriptSegment['role']; text: string; spoken_at: Date }>(
          `SELECT seq, role, text, spoken_at FROM transcript_segments
            WHERE clinic_id = $1 AND call_id = $2 AND is_final ORDER BY seq`,
          [clinicId, callId],
        ),
        db.query<{ name: string; arguments: unknown; result: string | null; error: string | null; effect: string | null; created_at: Date }>(
          `SELECT name, arguments, result, error, effect, created_at FROM call_tool_calls
            WHERE clinic_id = $1 AND call_id = $2 ORDER BY created_at, id`,
          [clinicId, callId],
        ),
        db.query<{ id: string; service_id: string; service_name: string; starts_at: Date; status: string }>(
          `SELECT a.id, a.service_id, sv.name AS service_name, a.starts_at, a.status
             FROM appointments a JOIN services sv ON sv.clinic_id = a.clinic_id AND sv.id = a.service_id
            WHERE a.clinic_id = $1 AND a.call_id = $2 ORDER BY a.starts_at, a.id`,
          [clinicId, callId],
        ),
        db.query<{ id: string; kind: string; severity: string; status: string; created_at: Date }>(
          `SELECT id, kind, severity, status, created_at FROM escalations
            WHERE clinic_id = $1 AND call_id = $2 ORDER BY created_at, id`,
          [clinicId, callId],
        ),
      ]);
      return {
        ...toSummary(call),
        recordingUrl: call.recording_url,
        stereoRecordingUrl: call.stereo_recording_url,
        analysis: call.analysis ?? {},
        transcript: transcript.rows.map((row) => ({ seq: row.seq, role: row.role, text: row.text, at: row.spoken_at.toISOString() })),
        tools: tools.rows.map(
          (row): CallToolUse => ({
            name: row.name,
            arguments: isPlainObject(row.arguments) ? row.arguments : {},
            result: row.result,
            error: row.error,
            effect: row.effect,
            at: row.created_at.toISOString(),
          }),
        ),
        appointments: appointments.rows.map(
          (row): CallAppointment => ({
            id: row.id,
            service: { id: row.service_id, name: row.service_name },
            startsAt: row.starts_at.toISOString(),
            status: row.status,
          }),
        ),
        escalations: escalations.rows.map(
          (row): CallEscalation => ({
            id: row.id,
            kind: row.kind,
            severity: row.severity,
            status: row.status,
            createdAt: row.created_at.toISOString(),
          }),
        ),
      };
    },
  };
}

export type CallsQuery = ReturnType<typeof createCallsQuery>;
