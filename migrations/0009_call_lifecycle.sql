-- The voice call lifecycle (Vapi and Twilio voice): what the end-of-call report adds to a call,
-- the tools the assistant used during it, and the appointments it made.

ALTER TABLE calls ADD COLUMN duration_seconds integer CHECK (duration_seconds IS NULL OR duration_seconds >= 0);
ALTER TABLE calls ADD COLUMN stereo_recording_url text;
-- Provider analysis of the finished call: structured data, success evaluation.
ALTER TABLE calls ADD COLUMN analysis jsonb NOT NULL DEFAULT '{}'::jsonb;
-- Provider timestamp of the newest status applied, so a late, older status-update cannot win.
ALTER TABLE calls ADD COLUMN status_at timestamptz;
-- Set when the end-of-call report has been applied; the outcome is final from then on.
ALTER TABLE calls ADD COLUMN report_received_at timestamptz;
-- Set the moment a red flag is heard (live transcript or tool), never cleared.
ALTER TABLE calls ADD COLUMN emergency_at timestamptz;

-- Every tool invocation of a call, keyed by the provider's tool-call id: a retried delivery of
-- the same tool call returns the stored result instead of acting twice.
CREATE TABLE call_tool_calls (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  clinic_id     uuid NOT NULL,
  call_id       uuid NOT NULL,
  tool_call_id  text NOT NULL,
  name          text NOT NULL,
  arguments     jsonb NOT NULL DEFAULT '{}'::jsonb,
  result        text,
  error         text,
  -- what the invocation achieved, for the call's outcome: booked, rescheduled, cancelled,
  -- message_taken, escalated, answered, or null when it changed nothing
  effect        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, tool_call_id),
  FOREIGN KEY (clinic_id, call_id) REFERENCES calls (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX call_tool_calls_clinic_idx ON call_tool_calls (clinic_id);

-- The call an appointment was booked on, for the call detail and the outcome.
ALTER TABLE appointments ADD COLUMN call_id uuid;
ALTER TABLE appointments
  ADD CONSTRAINT appointments_call_fkey FOREIGN KEY (clinic_id, call_id) REFERENCES calls (clinic_id, id) ON DELETE SET NULL (call_id);
CREATE INDEX appointments_call_idx ON appointments (call_id) WHERE call_id IS NOT NULL;
CREATE INDEX escalations_call_idx ON escalations (call_id) WHERE call_id IS NOT NULL;

-- Lookups of the call path: a call by the caller, finished calls by outcome.
CREATE INDEX calls_clinic_outcome_idx ON calls (clinic_id, outcome, created_at DESC);

ALTER TABLE call_tool_calls ENABLE ROW LEVEL SECURITY;
