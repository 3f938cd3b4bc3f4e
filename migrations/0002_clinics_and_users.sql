CREATE TABLE clinics (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone      text NOT NULL DEFAULT 'Europe/London',
  country_code  char(2) NOT NULL DEFAULT 'GB',
  locale        text NOT NULL DEFAULT 'en-GB',
  -- agent prompt/voice/first message, on-call number, Safe Mode and other per-clinic knobs
  settings      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clinic_phone_numbers (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id             uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  e164                  text NOT NULL UNIQUE CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  vapi_phone_number_id  text UNIQUE,
  label                 text,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_phone_numbers_clinic_idx ON clinic_phone_numbers (clinic_id);

CREATE TABLE users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text NOT NULL CHECK (position('@' IN email) > 1),
  name               text NOT NULL,
  -- null for users who only sign in through Supabase
  password_hash      text,
  -- the Supabase auth user id (JWT "sub") once linked
  external_auth_id   text UNIQUE,
  -- platform operators: see and operate every clinic
  is_platform_admin  boolean NOT NULL DEFAULT false,
  last_login_at      timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  clinic_id   uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('owner', 'staff', 'admin')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, clinic_id)
);
CREATE INDEX memberships_clinic_idx ON memberships (clinic_id);

CREATE TABLE patients (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id        uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  phone_e164       text NOT NULL CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  name             text,
  email            text,
  sms_opted_out_at timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, phone_e164),
  -- lets child tables carry a composite foreign key that pins the row to the same clinic
  UNIQUE (clinic_id, id)
);

CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  clinic_id      uuid REFERENCES clinics (id) ON DELETE CASCADE,
  actor_type     text NOT NULL CHECK (actor_type IN ('user', 'system', 'patient', 'provider')),
  actor_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  action         text NOT NULL,
  entity_type    text,
  entity_id      text,
  data           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_clinic_created_idx ON audit_log (clinic_id, created_at DESC);
