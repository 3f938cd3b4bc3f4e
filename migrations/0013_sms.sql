-- Two-way SMS through Twilio (issue 6).

-- Set just before the provider is asked to send; with no provider_sid yet it means "a send may
-- have happened": the next attempt looks the message up at the provider instead of sending again.
ALTER TABLE messages ADD COLUMN send_started_at timestamptz;
-- Compliance replies (the opt-out confirmation) are the one text a number that opted out still gets.
ALTER TABLE messages ADD COLUMN bypass_opt_out boolean NOT NULL DEFAULT false;
-- GSM-7 or UCS-2 segments the body costs, computed when it is queued or received.
ALTER TABLE messages ADD COLUMN segments integer CHECK (segments IS NULL OR segments >= 1);
-- Automated texts (reminders, confirmations nobody just asked for) respect the clinic's quiet
-- hours; one queued during them waits until send_after (clinic local 08:00).
ALTER TABLE messages ADD COLUMN is_automated boolean NOT NULL DEFAULT false;
ALTER TABLE messages ADD COLUMN send_after timestamptz;
-- The patient's side of the conversation, whatever the direction: threads are read by it.
ALTER TABLE messages ADD COLUMN patient_number text
  GENERATED ALWAYS AS (CASE WHEN direction = 'inbound' THEN from_number ELSE to_number END) STORED;
ALTER TABLE messages ADD CONSTRAINT messages_status_known CHECK (status IN (
  'received', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'canceled', 'blocked_opted_out'));

CREATE INDEX messages_clinic_thread_idx ON messages (clinic_id, patient_number, created_at DESC, id DESC);
-- The reconciliation job reads outbound texts still waiting for a final status.
CREATE INDEX messages_unsettled_idx ON messages (updated_at)
  WHERE direction = 'outbound' AND status IN ('queued', 'sending', 'sent');
