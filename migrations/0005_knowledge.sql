CREATE TABLE kb_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id       uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  content         text NOT NULL,
  source_type     text NOT NULL DEFAULT 'text' CHECK (source_type IN ('text', 'markdown', 'html', 'pdf', 'seed')),
  source_name     text,
  content_sha256  text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
  status_reason   text,
  chunks_total    integer NOT NULL DEFAULT 0,
  chunks_embedded integer NOT NULL DEFAULT 0,
  created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (clinic_id, id)
);
CREATE INDEX kb_documents_clinic_idx ON kb_documents (clinic_id, updated_at DESC);

-- 512 dimensions: the local embedder's size, and text-embedding-3-small asked for
-- dimensions=512 (the OpenAI v3 models shorten natively), so both providers share one column.
CREATE TABLE kb_chunks (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id        uuid NOT NULL,
  document_id      uuid NOT NULL,
  ordinal          integer NOT NULL CHECK (ordinal >= 0),
  heading_path     text[] NOT NULL DEFAULT '{}',
  content          text NOT NULL,
  content_sha256   text NOT NULL,
  embedding        vector(512),
  embedding_model  text,
  tsv              tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, ordinal),
  FOREIGN KEY (clinic_id, document_id) REFERENCES kb_documents (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_chunks_clinic_idx ON kb_chunks (clinic_id);
CREATE INDEX kb_chunks_tsv_idx ON kb_chunks USING gin (tsv);
CREATE INDEX kb_chunks_embedding_idx ON kb_chunks USING hnsw (embedding vector_cosine_ops);
