-- Hybrid retrieval for one clinic, usable by the backend and directly by Supabase users
-- (e.g. from an edge function): pgvector cosine similarity and Postgres full-text search,
-- fused by reciprocal rank fusion (RRF, k = 60).
--
-- Tenancy: pgvector applies WHERE filters after the HNSW scan, so a clinic with few chunks in
-- a large table could get fewer than k results from the index. Clinics up to
-- p_exact_threshold chunks are therefore searched exactly (the `+ 0` keeps the planner off the
-- index); larger ones use the HNSW index with iterative scanning (pgvector >= 0.8), which keeps
-- scanning until enough rows of this clinic are found.
--
-- p_query is plain text: its English lexemes are OR-ed, so a long question still matches
-- chunks that share only some of its words (websearch_to_tsquery would AND them).
-- p_expansion (optional) is more plain text — synonyms, corrected spellings — that widens the
-- match but ranks at half the weight of the caller's own words, so an exact rare word still
-- beats a chunk that merely shares many synonyms.
CREATE OR REPLACE FUNCTION match_knowledge_chunks(
  p_clinic_id        uuid,
  p_embedding        vector,
  p_query            text,
  p_k                integer DEFAULT 5,
  p_candidates       integer DEFAULT 40,
  p_exact_threshold  integer DEFAULT 5000,
  p_expansion        text DEFAULT NULL
)
RETURNS TABLE (
  chunk_id     uuid,
  document_id  uuid,
  title        text,
  content      text,
  score        double precision,
  vector_rank  integer,
  text_rank    integer
)
LANGUAGE plpgsql
AS $$
DECLARE
  v_chunk_count  integer;
  v_vector_ids   uuid[];
  v_text_ids     uuid[];
  v_match        tsquery;
  v_clinic_chunks integer;
BEGIN
  IF p_k IS NULL OR p_k < 1 THEN
    RAISE EXCEPTION 'p_k must be at least 1';
  END IF;

  IF p_embedding IS NOT NULL THEN
    SELECT count(*) INTO v_chunk_count
      FROM (SELECT 1 FROM kb_chunks
             WHERE kb_chunks.clinic_id = p_clinic_id AND kb_chunks.embedding IS NOT NULL
             LIMIT p_exact_threshold + 1) AS bounded;

    IF v_chunk_count <= p_exact_threshold THEN
      SELECT array_agg(ranked.id ORDER BY ranked.distance) INTO v_vector_ids
        FROM (SELECT c.id, (c.embedding <=> p_embedding) + 0 AS distance
                FROM kb_chunks c
               WHERE c.clinic_id = p_clinic_id AND c.embedding IS NOT NULL
               ORDER BY 2
               LIMIT p_candidates) AS ranked;
    ELSE
      PERFORM set_config('hnsw.iterative_scan', 'relaxed_order', true);
      PERFORM set_config('hnsw.ef_search', greatest(100, p_candidates * 2)::text, true);
      SELECT array_agg(ranked.id ORDER BY ranked.distance) INTO v_vector_ids
        FROM (SELECT c.id, c.embedding <=> p_embedding AS distance
                FROM kb_chunks c
               WHERE c.clinic_id = p_clinic_id AND c.embedding IS NOT NULL
               ORDER BY c.embedding <=> p_embedding
               LIMIT p_candidates) AS ranked;
    END IF;
  END IF;

  -- Keyword side, ranked like BM25 without length normalisation: each of the caller's words a
  -- chunk contains adds twice its inverse document frequency within this clinic, so a rare word
  -- ("zebrafish") outweighs a common one ("price"). Expansion words (synonyms of one concept
  -- come in bunches) add only the best one's IDF, so sharing many synonyms cannot outweigh
  -- the caller's own rare word.
  -- Lexemes are already stemmed by the english config; 'simple' builds tsqueries from them
  -- without stemming twice.
  SELECT to_tsquery('simple', string_agg(quote_literal(terms.lexeme), ' | '))
    INTO v_match
    FROM (SELECT unnest(tsvector_to_array(to_tsvector('english', coalesce(p_query, '') || ' ' || coalesce(p_expansion, '')))) AS lexeme) AS terms;

  IF v_match IS NOT NULL THEN
    SELECT count(*) INTO v_clinic_chunks FROM kb_chunks WHERE kb_chunks.clinic_id = p_clinic_id;

    WITH own AS (
           SELECT unnest(tsvector_to_array(to_tsvector('english', coalesce(p_query, '')))) AS lexeme),
         terms AS (
           SELECT lexeme, true AS is_own FROM own
           UNION ALL
           SELECT lexeme, false FROM unnest(tsvector_to_array(to_tsvector('english', coalesce(p_expansion, '')))) AS lexeme
            WHERE lexeme NOT IN (SELECT own.lexeme FROM own)),
         weighted AS (
           SELECT to_tsquery('simple', quote_literal(terms.lexeme)) AS query,
                  terms.is_own,
                  ln(1 + (v_clinic_chunks - frequency.df + 0.5) / (frequency.df + 0.5)) AS idf
             FROM terms
             CROSS JOIN LATERAL (
               SELECT count(*)::double precision AS df FROM kb_chunks c
                WHERE c.clinic_id = p_clinic_id AND c.tsv @@ to_tsquery('simple', quote_literal(terms.lexeme))) AS frequency),
         matched AS (
           SELECT c.id, c.tsv FROM kb_chunks c
            WHERE c.clinic_id = p_clinic_id AND c.tsv @@ v_match),
         ranked AS (
           SELECT matched.id,
                  2 * coalesce(sum(weighted.idf) FILTER (WHERE weighted.is_own), 0)
                    + coalesce(max(weighted.idf) FILTER (WHERE NOT weighted.is_own), 0)
                    + ts_rank_cd(matched.tsv, v_match, 1) / 100 AS rank
             FROM matched JOIN weighted ON matched.tsv @@ weighted.query
            GROUP BY matched.id, matched.tsv
            ORDER BY 2 DESC, matched.id
            LIMIT p_candidates)
    SELECT array_agg(ranked.id ORDER BY ranked.rank DESC, ranked.id) INTO v_text_ids FROM ranked;
  END IF;

  RETURN QUERY
  WITH vector_hits AS (
         SELECT hit.id, hit.position::integer AS position
           FROM unnest(coalesce(v_vector_ids, '{}'::uuid[])) WITH ORDINALITY AS hit(id, position)),
       text_hits AS (
         SELECT hit.id, hit.position::integer AS position
           FROM unnest(coalesce(v_text_ids, '{}'::uuid[])) WITH ORDINALITY AS hit(id, position)),
       fused AS (
         SELECT coalesce(v.id, t.id) AS id,
                coalesce(1.0 / (60 + v.position), 0) + coalesce(1.0 / (60 + t.position), 0) AS rrf,
                v.position AS vector_position,
                t.position AS text_position
           FROM vector_hits v FULL OUTER JOIN text_hits t ON t.id = v.id)
  SELECT c.id, c.document_id, d.title, c.content, f.rrf::double precision, f.vector_position, f.text_position
    FROM fused f
    JOIN kb_chunks c ON c.id = f.id AND c.clinic_id = p_clinic_id
    JOIN kb_documents d ON d.id = c.document_id AND d.clinic_id = p_clinic_id
   ORDER BY f.rrf DESC, least(coalesce(f.vector_position, 2147483647), coalesce(f.text_position, 2147483647)), c.id
   LIMIT p_k;
END;
$$;
