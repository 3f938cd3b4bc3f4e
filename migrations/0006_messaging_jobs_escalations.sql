CREATE TABLE messages (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id        uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  patient_id       uuid,
  direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind             text NOT NULL DEFAULT 'conversation'
                   CHECK (kind IN ('conversation', 'staff', 'confirmation', 'reminder', 'alert', 'system')),
  from_number      text NOT NULL,
  to_number        text NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL,
  provider_sid     text UNIQUE,
  idempotency_key  text UNIQUE,
  error_code       text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id) ON DELETE SET NULL (patient_id)
);
CREATE INDEX messages_clinic_created_idx ON messages (clinic_id, created_at DESC, id DESC);
CREATE INDEX messages_clinic_patient_idx ON messages (clinic_id, patient_id, created_at DESC);

-- Status callbacks arrive duplicated and out of order: every one is kept here, while
-- messages.status only ever moves forward.
CREATE TABLE message_status_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  clinic_id     uuid NOT NULL,
  message_id    uuid NOT NULL,
  status        text NOT NULL,
  error_code    text,
  raw           jsonb NOT NULL DEFAULT '{}'::jsonb,
  received_at   timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (clinic_id, message_id) REFERENCES messages (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX message_status_events_message_idx ON message_status_events (message_id, received_at);

-- Durable job queue: claimed with FOR UPDATE SKIP LOCKED under a lease (locked_until) so work
-- of a crashed worker is claimed again; dead jobs are kept for inspection.
CREATE TABLE jobs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
  unique_key    text UNIQUE,
  clinic_id     uuid REFERENCES clinics (id) ON DELETE CASCADE,
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  run_at        timestamptz NOT NULL DEFAULT now(),
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX jobs_runnable_idx ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_kind_status_idx ON jobs (kind, status);

CREATE TABLE escalations (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id         uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('emergency', 'medical', 'human', 'complaint', 'failure', 'other')),
  severity          text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  channel           text NOT NULL CHECK (channel IN ('voice', 'sms', 'web', 'staff')),
  summary           text NOT NULL,
  patient_id        uuid,
  call_id           uuid,
  message_id        uuid,
  assignee_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  idempotency_key   text UNIQUE,
  acknowledged_at   timestamptz,
  resolved_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id) ON DELETE SET NULL (patient_id),
  FOREIGN KEY (clinic_id, call_id) REFERENCES calls (clinic_id, id) ON DELETE SET NULL (call_id),
  FOREIGN KEY (clinic_id, message_id) REFERENCES messages (clinic_id, id) ON DELETE SET NULL (message_id)
);
CREATE INDEX escalations_clinic_status_idx ON escalations (clinic_id, status, created_at DESC);
