CREATE TABLE calls (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id         uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  patient_id        uuid,
  provider          text NOT NULL CHECK (provider IN ('vapi', 'twilio', 'web')),
  provider_call_id  text NOT NULL,
  direction         text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound', 'web')),
  status            text NOT NULL DEFAULT 'queued',
  from_number       text,
  to_number         text,
  started_at        timestamptz,
  ended_at          timestamptz,
  outcome           text,
  summary           text,
  recording_url     text,
  ended_reason      text,
  cost              numeric(12, 4),
  metadata          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_call_id),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id) ON DELETE SET NULL (patient_id)
);
CREATE INDEX calls_clinic_created_idx ON calls (clinic_id, created_at DESC, id DESC);

CREATE TABLE transcript_segments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  clinic_id   uuid NOT NULL,
  call_id     uuid NOT NULL,
  seq         integer NOT NULL CHECK (seq >= 0),
  role        text NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  text        text NOT NULL,
  is_final    boolean NOT NULL DEFAULT true,
  spoken_at   timestamptz NOT NULL DEFAULT now(),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, seq),
  FOREIGN KEY (clinic_id, call_id) REFERENCES calls (clinic_id, id) ON DELETE CASCADE
);

-- Every authentic provider delivery, stored before it is acknowledged. The unique key is what
-- makes duplicates and concurrent retries produce exactly one effect.
CREATE TABLE webhook_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider         text NOT NULL CHECK (provider IN ('vapi', 'twilio')),
  idempotency_key  text NOT NULL,
  event_type       text NOT NULL,
  clinic_id        uuid REFERENCES clinics (id) ON DELETE SET NULL,
  payload          jsonb NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  processed_at     timestamptz,
  UNIQUE (provider, idempotency_key)
);
CREATE INDEX webhook_events_received_idx ON webhook_events (received_at);
