-- The clinic's saved assistant in Vapi and where its sync stands. Saving agent settings bumps
-- `settings_revision`; the `vapi.sync` job pushes the settings and records the revision it pushed,
-- so a save that lands while a sync runs is never reported as synced.
CREATE TABLE vapi_assistant_syncs (
  clinic_id          uuid PRIMARY KEY REFERENCES clinics (id) ON DELETE CASCADE,
  assistant_id       text,
  status             text NOT NULL CHECK (status IN ('disabled', 'pending', 'synced', 'failed')),
  settings_revision  bigint NOT NULL DEFAULT 1 CHECK (settings_revision > 0),
  synced_revision    bigint,
  last_synced_at     timestamptz,
  last_error         text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Closed to PostgREST like every other table (see 0008_row_level_security.sql).
ALTER TABLE vapi_assistant_syncs ENABLE ROW LEVEL SECURITY;
