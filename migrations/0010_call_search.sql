-- Dashboard call search and the Live page.
--
-- Search matches words anywhere in a call's final transcript or summary. The 'simple'
-- configuration (no stemming, no stop words) keeps names and treatment names as typed, and
-- prefix queries ('fill:*') cover word endings. The vectors are stored rather than computed per
-- query: to_tsvector is the expensive part, and a list that walks calls newest first checks a
-- common word against each call's segments without recomputing them. The GIN index answers rare
-- words. The read side (modules/calls/calls.query.ts) picks between the two per word.
ALTER TABLE transcript_segments
  ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
CREATE INDEX transcript_segments_search_idx ON transcript_segments USING gin (search_tsv);

ALTER TABLE calls
  ADD COLUMN summary_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(summary, ''))) STORED;

-- Calls still in progress are few among thousands: the Live page reads them from a small index.
CREATE INDEX calls_clinic_live_idx ON calls (clinic_id, created_at DESC, id DESC) WHERE status <> 'ended';
