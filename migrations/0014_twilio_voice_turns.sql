-- Voice calls answered by Twilio itself (TwiML dialogue, no Vapi in front): one row per step
-- of a call's dialogue — turn 0 the greeting, turn N the answer to the caller's N-th <Gather>.
--
-- The primary key is the exactly-once gate of a turn: the first delivery of (call, turn)
-- inserts the row and runs the conversation engine; a retried or concurrent delivery finds the
-- row taken and answers with the TwiML stored here once the first one has finished, so the
-- engine (bookings, escalations) never runs twice for one thing the caller said.
CREATE TABLE twilio_voice_turns (
  clinic_id     uuid NOT NULL,
  call_id       uuid NOT NULL,
  turn          integer NOT NULL CHECK (turn >= 0),
  -- What the TwiML of the turn does next: keep listening, forward to the on-call team, hang up,
  -- or hang up after the caller stayed silent twice. The last step explains how a call ended.
  step          text CHECK (step IN ('listen', 'forward', 'hang-up', 'silence-timeout')),
  twiml         text,
  claimed_at    timestamptz NOT NULL,
  completed_at  timestamptz,
  PRIMARY KEY (call_id, turn),
  CHECK ((twiml IS NULL) = (completed_at IS NULL) AND (twiml IS NULL) = (step IS NULL)),
  FOREIGN KEY (clinic_id, call_id) REFERENCES calls (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX twilio_voice_turns_clinic_idx ON twilio_voice_turns (clinic_id);

-- Closed to PostgREST like every other table (see 0008_row_level_security.sql).
ALTER TABLE twilio_voice_turns ENABLE ROW LEVEL SECURITY;
