CREATE TABLE services (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id         uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  name              text NOT NULL,
  description       text,
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 600),
  -- minor units (pence); null when the price depends on the consultation
  price_minor       integer CHECK (price_minor >= 0),
  currency          char(3) NOT NULL DEFAULT 'GBP',
  deposit_minor     integer NOT NULL DEFAULT 0 CHECK (deposit_minor >= 0),
  is_active         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name),
  UNIQUE (clinic_id, id)
);

CREATE TABLE practitioners (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id   uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  name        text NOT NULL,
  title       text,
  bio         text,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, name),
  UNIQUE (clinic_id, id)
);

CREATE TABLE practitioner_services (
  clinic_id        uuid NOT NULL,
  practitioner_id  uuid NOT NULL,
  service_id       uuid NOT NULL,
  PRIMARY KEY (practitioner_id, service_id),
  FOREIGN KEY (clinic_id, practitioner_id) REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE,
  FOREIGN KEY (clinic_id, service_id) REFERENCES services (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX practitioner_services_service_idx ON practitioner_services (clinic_id, service_id);

-- Local wall-clock hours in the clinic's timezone; ISO weekday 1 = Monday … 7 = Sunday.
-- Several rows per weekday allow split days (lunch closures).
CREATE TABLE opening_hours (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id  uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  weekday    smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_at   time NOT NULL,
  closes_at  time NOT NULL,
  CHECK (closes_at > opens_at),
  UNIQUE (clinic_id, weekday, opens_at)
);

CREATE TABLE clinic_closures (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id   uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  closed_on   date NOT NULL,
  reason      text,
  UNIQUE (clinic_id, closed_on)
);

CREATE TABLE appointments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id        uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  patient_id       uuid NOT NULL,
  service_id       uuid NOT NULL,
  practitioner_id  uuid NOT NULL,
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'booked'
                   CHECK (status IN ('booked', 'confirmed', 'cancelled', 'pending_reschedule', 'completed', 'no_show')),
  source           text NOT NULL DEFAULT 'staff' CHECK (source IN ('voice', 'sms', 'staff', 'web', 'api')),
  notes            text,
  idempotency_key  text UNIQUE,
  cancelled_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id) ON DELETE CASCADE,
  FOREIGN KEY (clinic_id, service_id) REFERENCES services (clinic_id, id),
  FOREIGN KEY (clinic_id, practitioner_id) REFERENCES practitioners (clinic_id, id),
  -- No double booking, enforced by the database even under concurrent inserts: a practitioner
  -- cannot hold two live appointments whose [start, end) ranges overlap.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    clinic_id WITH =,
    practitioner_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status IN ('booked', 'confirmed', 'pending_reschedule'))
);
CREATE INDEX appointments_clinic_starts_idx ON appointments (clinic_id, starts_at);
CREATE INDEX appointments_patient_idx ON appointments (clinic_id, patient_id, starts_at);
