-- The call lifecycle's writes as database functions: each recorded provider event (status
-- update, final transcript, end-of-call report) is one statement — inbox record, call upsert,
-- effect and outcome in the statement's own transaction.
--
-- Why in SQL: written from the backend, the same work was a transaction of four to seven round
-- trips, and a transaction holds its connection until COMMIT. On the embedded database (one
-- PGlite session shared by every connection) that serialised each transaction's round trips
-- through a busy backend event loop with every other query: at 200 concurrent calls the session
-- was held three times longer than it computed, and tool calls queued for seconds behind
-- informational events. As one statement the session is held only while it computes, and on
-- Supabase the row lock on the call is held for microseconds instead of network round trips.
-- PL/pgSQL also keeps the plans of these statements for the life of the connection.
--
-- Row locking: the upsert locks the call's row, so every event of one call applies one at a
-- time, in any arrival order, on any number of backend instances.

-- The order a call's status moves through; a status never moves back to a lower rank.
CREATE FUNCTION call_status_rank(p_status text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_status
    WHEN 'scheduled' THEN 0
    WHEN 'queued' THEN 1
    WHEN 'ringing' THEN 2
    WHEN 'in-progress' THEN 3
    WHEN 'forwarding' THEN 4
    WHEN 'ended' THEN 5
    WHEN 'not-found' THEN 5
    ELSE 0
  END
$$;

-- Whether status `p_next` (said at `p_next_at`) replaces the current one: forward only; a
-- different status of the same rank wins only when the provider said it later.
CREATE FUNCTION call_status_advances(p_current text, p_current_at timestamptz, p_next text, p_next_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN call_status_rank(p_next) <> call_status_rank(p_current) THEN call_status_rank(p_next) > call_status_rank(p_current)
    WHEN p_next = p_current THEN false
    ELSE p_next_at IS NOT NULL AND (p_current_at IS NULL OR p_next_at > p_current_at)
  END
$$;

-- What a call achieved, derived from what happened in it rather than from what the model says
-- it did; the strongest fact wins: emergency > booked > escalated > message_taken > abandoned >
-- answered. Facts: the live red flag, the effects of its tool invocations, the escalations it
-- raised, the appointments booked on it, the caller's final utterances and the ended reason.
CREATE FUNCTION call_outcome(p_call_id uuid) RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT CASE
    WHEN f.emergency_at IS NOT NULL OR 'emergency' = ANY (f.kinds) THEN 'emergency'
    WHEN f.appointments > 0 OR f.effects && ARRAY['booked', 'rescheduled'] THEN 'booked'
    WHEN 'escalated' = ANY (f.effects)
      OR EXISTS (SELECT 1 FROM unnest(f.kinds) AS kind WHERE kind <> 'other')
      OR f.ended_reason ~* 'forwarded|transfer' THEN 'escalated'
    WHEN 'message_taken' = ANY (f.effects) OR 'other' = ANY (f.kinds) THEN 'message_taken'
    -- Nobody (or only a machine) was on the line.
    WHEN f.caller_utterances = 0
      OR (f.ended_reason ~* 'voicemail|did-not-answer|customer-busy|no-answer|silence-timed-out|failed-to-connect|not-found'
          AND cardinality(f.effects) = 0) THEN 'abandoned'
    ELSE 'answered'
  END
  FROM (
    SELECT c.emergency_at,
           coalesce(c.ended_reason, '') AS ended_reason,
           coalesce((SELECT array_agg(DISTINCT t.effect) FROM call_tool_calls t WHERE t.call_id = c.id AND t.effect IS NOT NULL), '{}') AS effects,
           coalesce((SELECT array_agg(e.kind) FROM escalations e WHERE e.call_id = c.id), '{}') AS kinds,
           (SELECT count(*) FROM appointments a WHERE a.call_id = c.id) AS appointments,
           (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id AND s.role = 'user') AS caller_utterances
      FROM calls c
     WHERE c.id = p_call_id
  ) AS f
$$;

-- Recomputes the outcome of a call that has ended (or has its report), or always with p_force;
-- returns the call's final facts when the outcome was (re)decided, no row otherwise.
CREATE FUNCTION refresh_call_outcome(p_call_id uuid, p_force boolean)
RETURNS TABLE (outcome text, duration_seconds integer, summary text, ended_reason text)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
  v_call     calls;
  v_outcome  text;
BEGIN
  SELECT * INTO v_call FROM calls WHERE id = p_call_id FOR UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  IF NOT p_force AND v_call.status <> 'ended' AND v_call.report_received_at IS NULL THEN RETURN; END IF;
  v_outcome := call_outcome(p_call_id);
  IF NOT p_force AND v_outcome IS NOT DISTINCT FROM v_call.outcome THEN RETURN; END IF;
  IF v_outcome IS DISTINCT FROM v_call.outcome THEN
    UPDATE calls SET outcome = v_outcome, updated_at = now() WHERE id = p_call_id;
  END IF;
  RETURN QUERY SELECT v_outcome, v_call.duration_seconds, v_call.summary, v_call.ended_reason;
END
$$;

-- The inbox every provider webhook records into. The unique (provider, idempotency key) makes
-- the record the gate: only the first delivery inserts; a concurrent duplicate waits for it to
-- commit and then finds the key taken, so the effect in the same transaction happens once.
CREATE FUNCTION record_webhook_event(
  p_provider text, p_idempotency_key text, p_event_type text, p_clinic_id uuid, p_payload jsonb, p_received_at timestamptz
) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO webhook_events (provider, idempotency_key, event_type, clinic_id, payload, received_at, processed_at)
  VALUES (p_provider, p_idempotency_key, p_event_type, p_clinic_id, p_payload, p_received_at, p_received_at)
  ON CONFLICT (provider, idempotency_key) DO NOTHING;
  RETURN FOUND;
END
$$;

-- The call's row, created by whichever event of the call arrives first and locked until the
-- transaction ends. Fields already known are kept, missing ones filled from this event; the
-- caller's patient record is linked when the clinic knows the number.
CREATE FUNCTION upsert_call(
  p_clinic_id uuid, p_provider text, p_provider_call_id text, p_direction text,
  p_from_number text, p_to_number text, p_started_at timestamptz
) RETURNS TABLE (call_id uuid, patient_id uuid, is_new boolean)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  INSERT INTO calls AS c (clinic_id, provider, provider_call_id, direction, from_number, to_number, started_at, patient_id)
  VALUES (p_clinic_id, p_provider, p_provider_call_id, p_direction, p_from_number, p_to_number, p_started_at,
          (SELECT p.id FROM patients p WHERE p.clinic_id = p_clinic_id AND p.phone_e164 = p_from_number))
  ON CONFLICT (provider, provider_call_id) DO UPDATE SET
    from_number = coalesce(c.from_number, EXCLUDED.from_number),
    to_number = coalesce(c.to_number, EXCLUDED.to_number),
    started_at = coalesce(c.started_at, EXCLUDED.started_at),
    patient_id = coalesce(c.patient_id, EXCLUDED.patient_id),
    updated_at = now()
  -- Most events of a known call bring nothing new: no row version is written for them. The
  -- conflicting row is locked either way (ON CONFLICT DO UPDATE locks it before the WHERE).
  WHERE (c.from_number IS NULL AND EXCLUDED.from_number IS NOT NULL)
     OR (c.to_number IS NULL AND EXCLUDED.to_number IS NOT NULL)
     OR (c.started_at IS NULL AND EXCLUDED.started_at IS NOT NULL)
     OR (c.patient_id IS NULL AND EXCLUDED.patient_id IS NOT NULL)
  RETURNING c.id, c.patient_id, (c.xmax = 0);
  IF NOT FOUND THEN
    RETURN QUERY SELECT c.id, c.patient_id, false FROM calls c
                  WHERE c.provider = p_provider AND c.provider_call_id = p_provider_call_id;
  END IF;
END
$$;

-- What an event function reports: whether this delivery was the first, the call it belongs to
-- (null when the event names no call), whether it changed the call, and — when the outcome was
-- (re)decided — the call's final facts for the dashboard.
CREATE TYPE call_event_result AS (
  is_first_delivery  boolean,
  call_id            uuid,
  patient_id         uuid,
  is_new_call        boolean,
  is_changed         boolean,
  seq                integer,
  segment_count      integer,
  outcome_decided    boolean,
  outcome            text,
  duration_seconds   integer,
  summary            text,
  ended_reason       text
);

-- Shared first half of every event: the inbox gate, then the call's row (when the event names
-- a call). Returns the partly filled result; is_first_delivery false means: do nothing more.
CREATE FUNCTION begin_call_event(
  p_provider text, p_idempotency_key text, p_event_type text, p_clinic_id uuid, p_payload jsonb, p_received_at timestamptz,
  p_provider_call_id text, p_direction text, p_from_number text, p_to_number text, p_started_at timestamptz
) RETURNS call_event_result
LANGUAGE plpgsql
AS $$
DECLARE
  v_result  call_event_result;
BEGIN
  v_result.is_first_delivery := record_webhook_event(p_provider, p_idempotency_key, p_event_type, p_clinic_id, p_payload, p_received_at);
  v_result.is_changed := false;
  v_result.outcome_decided := false;
  IF NOT v_result.is_first_delivery OR p_provider_call_id IS NULL THEN RETURN v_result; END IF;
  SELECT u.call_id, u.patient_id, u.is_new INTO v_result.call_id, v_result.patient_id, v_result.is_new_call
    FROM upsert_call(p_clinic_id, p_provider, p_provider_call_id, p_direction, p_from_number, p_to_number, p_started_at) AS u;
  RETURN v_result;
END
$$;

-- Copies what refresh_call_outcome decided into the result.
CREATE FUNCTION finish_call_event(p_result call_event_result, p_force boolean) RETURNS call_event_result
LANGUAGE plpgsql
AS $$
DECLARE
  v_result  call_event_result := p_result;
BEGIN
  SELECT r.outcome, r.duration_seconds, r.summary, r.ended_reason
    INTO v_result.outcome, v_result.duration_seconds, v_result.summary, v_result.ended_reason
    FROM refresh_call_outcome(p_result.call_id, p_force) AS r;
  v_result.outcome_decided := FOUND;
  RETURN v_result;
END
$$;

-- A status update: applied only when it moves the call forward; an `ended` decides the outcome.
CREATE FUNCTION record_call_status(
  p_provider text, p_idempotency_key text, p_event_type text, p_clinic_id uuid, p_payload jsonb, p_received_at timestamptz,
  p_provider_call_id text, p_direction text, p_from_number text, p_to_number text, p_started_at timestamptz,
  p_status text, p_status_at timestamptz, p_ended_reason text, p_ended_at timestamptz
) RETURNS call_event_result
LANGUAGE plpgsql
AS $$
DECLARE
  v_result  call_event_result;
  v_call    calls;
BEGIN
  v_result := begin_call_event(p_provider, p_idempotency_key, p_event_type, p_clinic_id, p_payload, p_received_at,
                               p_provider_call_id, p_direction, p_from_number, p_to_number, p_started_at);
  IF v_result.call_id IS NULL OR p_status IS NULL THEN RETURN v_result; END IF;
  SELECT * INTO v_call FROM calls WHERE id = v_result.call_id;
  IF NOT call_status_advances(v_call.status, v_call.status_at, p_status, p_status_at) THEN RETURN v_result; END IF;
  UPDATE calls SET
    status = p_status,
    status_at = coalesce(p_status_at, status_at),
    ended_reason = coalesce(ended_reason, p_ended_reason),
    ended_at = coalesce(ended_at, p_ended_at),
    updated_at = now()
  WHERE id = v_result.call_id;
  v_result.is_changed := true;
  IF p_status = 'ended' THEN v_result := finish_call_event(v_result, false); END IF;
  RETURN v_result;
END
$$;

-- A final utterance, stored in spoken order: segments said later than this one move one place
-- down, so a late delivery lands where it belongs. A caller's words after the call ended can
-- change its outcome (an abandoned call becomes answered).
CREATE FUNCTION record_call_segment(
  p_provider text, p_idempotency_key text, p_event_type text, p_clinic_id uuid, p_payload jsonb, p_received_at timestamptz,
  p_provider_call_id text, p_direction text, p_from_number text, p_to_number text, p_started_at timestamptz,
  p_role text, p_text text, p_spoken_at timestamptz
) RETURNS call_event_result
LANGUAGE plpgsql
AS $$
DECLARE
  v_result    call_event_result;
  v_position  integer;
  v_total     integer;
BEGIN
  v_result := begin_call_event(p_provider, p_idempotency_key, p_event_type, p_clinic_id, p_payload, p_received_at,
                               p_provider_call_id, p_direction, p_from_number, p_to_number, p_started_at);
  IF v_result.call_id IS NULL THEN RETURN v_result; END IF;
  SELECT count(*) FILTER (WHERE (s.spoken_at, s.role, s.text) <= (p_spoken_at, p_role, p_text)), count(*)
    INTO v_position, v_total
    FROM transcript_segments s WHERE s.call_id = v_result.call_id;
  IF v_position < v_total THEN
    -- Two steps, because a single `seq = seq + 1` can collide with the unique (call_id, seq)
    -- halfway through the update.
    UPDATE transcript_segments SET seq = seq + 1000000 WHERE call_id = v_result.call_id AND seq >= v_position;
    UPDATE transcript_segments SET seq = seq - 999999 WHERE call_id = v_result.call_id AND seq >= 1000000;
  END IF;
  INSERT INTO transcript_segments (clinic_id, call_id, seq, role, text, is_final, spoken_at)
  VALUES (p_clinic_id, v_result.call_id, v_position, p_role, p_text, true, p_spoken_at);
  v_result.is_changed := true;
  v_result.seq := v_position;
  v_result.segment_count := v_total + 1;
  IF p_role = 'user' THEN v_result := finish_call_event(v_result, false); END IF;
  RETURN v_result;
END
$$;

-- The end-of-call report: its facts win over what the events said, and the outcome is decided.
CREATE FUNCTION record_call_report(
  p_provider text, p_idempotency_key text, p_event_type text, p_clinic_id uuid, p_payload jsonb, p_received_at timestamptz,
  p_provider_call_id text, p_direction text, p_from_number text, p_to_number text, p_started_at timestamptz,
  p_ended_reason text, p_ended_at timestamptz, p_duration_seconds integer, p_cost numeric, p_summary text,
  p_recording_url text, p_stereo_recording_url text, p_analysis jsonb
) RETURNS call_event_result
LANGUAGE plpgsql
AS $$
DECLARE
  v_result  call_event_result;
BEGIN
  v_result := begin_call_event(p_provider, p_idempotency_key, p_event_type, p_clinic_id, p_payload, p_received_at,
                               p_provider_call_id, p_direction, p_from_number, p_to_number, p_started_at);
  IF v_result.call_id IS NULL THEN RETURN v_result; END IF;
  UPDATE calls SET
    ended_reason = coalesce(p_ended_reason, ended_reason),
    started_at = coalesce(p_started_at, started_at),
    ended_at = coalesce(p_ended_at, ended_at),
    duration_seconds = coalesce(p_duration_seconds, duration_seconds),
    cost = coalesce(p_cost, cost),
    summary = coalesce(p_summary, summary),
    recording_url = coalesce(p_recording_url, recording_url),
    stereo_recording_url = coalesce(p_stereo_recording_url, stereo_recording_url),
    analysis = p_analysis,
    status = 'ended',
    report_received_at = p_received_at,
    updated_at = now()
  WHERE id = v_result.call_id;
  v_result.is_changed := true;
  RETURN finish_call_event(v_result, true);
END
$$;

-- Only the backend (the owner) calls the writing functions. They run with the caller's rights,
-- so row-level security (0008) already stops Supabase's API roles at every table; PUBLIC and
-- the roles Supabase grants new functions to (anon, authenticated) lose EXECUTE as well.
DO $$
DECLARE
  v_functions  text := 'refresh_call_outcome(uuid, boolean), '
    'record_webhook_event(text, text, text, uuid, jsonb, timestamptz), '
    'upsert_call(uuid, text, text, text, text, text, timestamptz), '
    'begin_call_event(text, text, text, uuid, jsonb, timestamptz, text, text, text, text, timestamptz), '
    'finish_call_event(call_event_result, boolean), '
    'record_call_status(text, text, text, uuid, jsonb, timestamptz, text, text, text, text, timestamptz, text, timestamptz, text, timestamptz), '
    'record_call_segment(text, text, text, uuid, jsonb, timestamptz, text, text, text, text, timestamptz, text, text, timestamptz), '
    'record_call_report(text, text, text, uuid, jsonb, timestamptz, text, text, text, text, timestamptz, text, timestamptz, integer, numeric, text, text, text, jsonb)';
  v_role       text;
BEGIN
  EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v_functions);
  FOREACH v_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
      EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM %I', v_functions, v_role);
    END IF;
  END LOOP;
END
$$;
