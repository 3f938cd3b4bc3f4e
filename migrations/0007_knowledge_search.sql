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
  p_candidates       integer DEFAULT 20,
  p_exact_threshold  integer DEFAULT 2000,
  p_expansion        text DEFAULT NULL,
  p_keyword_pool     integer DEFAULT 100
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
  v_match          tsquery;
  v_own_query      tsquery;
  v_own_lexemes    text[];
  v_all_lexemes    text[];
  v_clinic_chunks  integer;
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
      PERFORM set_config('hnsw.ef_search', greatest(40, p_candidates * 2)::text, true);
      SELECT array_agg(ranked.id ORDER BY ranked.distance) INTO v_vector_ids
        FROM (SELECT c.id, c.embedding <=> p_embedding AS distance
                FROM kb_chunks c
               WHERE c.clinic_id = p_clinic_id AND c.embedding IS NOT NULL
               ORDER BY c.embedding <=> p_embedding
               LIMIT p_candidates) AS ranked;
    END IF;
  END IF;

  -- Keyword side, in two stages to stay fast on large clinics:
  --   1. the GIN index finds chunks holding any query or expansion lexeme; ts_rank (cheap:
  --      term frequencies, no positions) keeps the best p_keyword_pool of them, favouring the caller's own words;
  --   2. those are re-ranked like BM25 without length normalisation: each of the caller's own
  --      words a chunk holds adds twice its inverse document frequency within this clinic, so
  --      a rare word ("zebrafish") outweighs a common one ("price"); expansion words (synonyms,
  --      corrected spellings — they come in bunches) add a flat 1 however many match, so sharing
  --      many synonyms cannot outweigh the caller's own rare word.
  -- Lexemes are already stemmed by the english config; 'simple' builds tsqueries from them
  -- without stemming twice.
  v_own_lexemes := tsvector_to_array(to_tsvector('english', coalesce(p_query, '')));
  v_all_lexemes := tsvector_to_array(to_tsvector('english', coalesce(p_query, '') || ' ' || coalesce(p_expansion, '')));
  SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) INTO v_own_query FROM unnest(v_own_lexemes) AS lexeme;
  SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) INTO v_match FROM unnest(v_all_lexemes) AS lexeme;

  IF v_match IS NOT NULL THEN
    SELECT count(*) INTO v_clinic_chunks FROM kb_chunks WHERE kb_chunks.clinic_id = p_clinic_id;

    WITH pool AS MATERIALIZED (
           SELECT c.id, c.tsv,
                  ts_rank(c.tsv, v_match) + 2 * coalesce(ts_rank(c.tsv, v_own_query), 0) AS cheap_rank
             FROM kb_chunks c
            WHERE c.clinic_id = p_clinic_id AND c.tsv @@ v_match
            ORDER BY 3 DESC, c.id
            LIMIT p_keyword_pool),
         own_frequency AS MATERIALIZED (
           SELECT own.lexeme,
                  (SELECT count(*) FROM kb_chunks c
                    WHERE c.clinic_id = p_clinic_id AND c.tsv @@ to_tsquery('simple', quote_literal(own.lexeme))) AS df
             FROM unnest(v_own_lexemes) AS own(lexeme)),
         pool_terms AS MATERIALIZED (
           SELECT pool.id, term.lexeme
             FROM pool CROSS JOIN LATERAL unnest(pool.tsv) AS term
            WHERE term.lexeme = ANY(v_all_lexemes)),
         ranked AS (
           SELECT pool.id,
                  2 * coalesce(sum(ln(1 + (v_clinic_chunks - f.df + 0.5) / (f.df + 0.5))), 0)
                    + max(CASE WHEN t.lexeme IS NOT NULL AND f.lexeme IS NULL THEN 1 ELSE 0 END)
                    + pool.cheap_rank / 100 AS rank
             FROM pool
             LEFT JOIN pool_terms t ON t.id = pool.id
             LEFT JOIN own_frequency f ON f.lexeme = t.lexeme
            GROUP BY pool.id, pool.cheap_rank
            ORDER BY 2 DESC, pool.id
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
