-- pgvector for knowledge-base embeddings; btree_gist lets the appointments exclusion
-- constraint mix equality (clinic, practitioner) with range overlap.
-- gen_random_uuid() is core since PostgreSQL 13, so pgcrypto is not needed.
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS btree_gist;
