import { toSql } from 'pgvector';
import type { Queryable } from '../../platform/db';

export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed';
export type SourceType = 'text' | 'markdown' | 'html' | 'pdf' | 'seed';

export type DocumentSummary = {
  id: string;
  title: string;
  sourceType: SourceType;
  sourceName: string | null;
  status: DocumentStatus;
  statusReason: string | null;
  chunksTotal: number;
  chunksEmbedded: number;
  contentLength: number;
  contentSha256: string;
  createdAt: Date;
  updatedAt: Date;
};

export type DocumentRecord = DocumentSummary & { content: string };

export type StoredChunk = { id: string; contentSha256: string; embeddingModel: string | null };

export type NewChunk = {
  ordinal: number;
  headingPath: string[];
  content: string;
  contentSha256: string;
  embedding: number[];
  embeddingModel: string;
};

export type SearchHit = {
  chunkId: string;
  documentId: string;
  title: string;
  content: string;
  score: number;
  vectorRank: number | null;
  textRank: number | null;
};

type DocumentRow = {
  id: string;
  title: string;
  source_type: SourceType;
  source_name: string | null;
  status: DocumentStatus;
  status_reason: string | null;
  chunks_total: number;
  chunks_embedded: number;
  content_length: number;
  content_sha256: string;
  created_at: Date;
  updated_at: Date;
  content?: string;
};

const SUMMARY_COLUMNS = `id, title, source_type, source_name, status, status_reason, chunks_total,
  chunks_embedded, length(content) AS content_length, content_sha256, created_at, updated_at`;

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    sourceType: row.source_type,
    sourceName: row.source_name,
    status: row.status,
    statusReason: row.status_reason,
    chunksTotal: row.chunks_total,
    chunksEmbedded: row.chunks_embedded,
    contentLength: row.content_length,
    contentSha256: row.content_sha256,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL of the knowledge base. Every function takes the clinic id first and filters by it. */
export function createKnowledgeRepo(db: Queryable) {
  return {
    async listDocuments(clinicId: string): Promise<DocumentSummary[]> {
      const { rows } = await db.query<DocumentRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM kb_documents WHERE clinic_id = $1 ORDER BY updated_at DESC, id`,
        [clinicId],
      );
      return rows.map(toSummary);
    },

    async findDocument(clinicId: string, documentId: string, options: { forUpdate?: boolean } = {}): Promise<DocumentRecord | undefined> {
      const { rows } = await db.query<DocumentRow>(
        `SELECT ${SUMMARY_COLUMNS}, content FROM kb_documents WHERE clinic_id = $1 AND id = $2
         ${options.forUpdate ? 'FOR UPDATE' : ''}`,
        [clinicId, documentId],
      );
      const row = rows[0];
      return row ? { ...toSummary(row), content: row.content ?? '' } : undefined;
    },

    async insertDocument(
      clinicId: string,
      document: { title: string; content: string; contentSha256: string; sourceType: SourceType; sourceName: string | null; createdBy: string | null },
    ): Promise<string> {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO kb_documents (clinic_id, title, content, content_sha256, source_type, source_name, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [clinicId, document.title, document.content, document.contentSha256, document.sourceType, document.sourceName, document.createdBy],
      );
      return rows[0]!.id;
    },

    async updateDocument(
      clinicId: string,
      documentId: string,
      changes: { title: string; content: string; contentSha256: string; sourceType: SourceType; sourceName: string | null; isContentChanged: boolean },
    ): Promise<void> {
      await db.query(
        `UPDATE kb_documents
            SET title = $3, content = $4, content_sha256 = $5, source_type = $6, source_name = $7,
                status = CASE WHEN $8 THEN 'pending' ELSE status END,
                status_reason = CASE WHEN $8 THEN NULL ELSE status_reason END,
                updated_at = now()
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, documentId, changes.title, changes.content, changes.contentSha256, changes.sourceType, changes.sourceName, changes.isContentChanged],
      );
    },

    async deleteDocument(clinicId: string, documentId: string): Promise<boolean> {
      const result = await db.query('DELETE FROM kb_documents WHERE clinic_id = $1 AND id = $2', [clinicId, documentId]);
      return (result.rowCount ?? 0) > 0;
    },

    async setStatus(
      clinicId: string,
      documentId: string,
      status: DocumentStatus,
      progress: { reason?: string | null; chunksTotal?: number; chunksEmbedded?: number } = {},
    ): Promise<void> {
      await db.query(
        `UPDATE kb_documents
            SET status = $3, status_reason = $4,
                chunks_total = COALESCE($5, chunks_total), chunks_embedded = COALESCE($6, chunks_embedded),
                updated_at = now()
          WHERE clinic_id = $1 AND id = $2`,
        [clinicId, documentId, status, progress.reason ?? null, progress.chunksTotal ?? null, progress.chunksEmbedded ?? null],
      );
    },

    async listChunks(clinicId: string, documentId: string): Promise<StoredChunk[]> {
      const { rows } = await db.query<{ id: string; content_sha256: string; embedding_model: string | null }>(
        `SELECT id, content_sha256, embedding_model FROM kb_chunks
          WHERE clinic_id = $1 AND document_id = $2 AND embedding IS NOT NULL ORDER BY ordinal`,
        [clinicId, documentId],
      );
      return rows.map((row) => ({ id: row.id, contentSha256: row.content_sha256, embeddingModel: row.embedding_model }));
    },

    /**
     * Makes the document's chunks exactly `kept` (existing rows, moved to new positions) plus
     * `added`; every other chunk of the document goes. Run inside a transaction.
     */
    async replaceChunks(
      clinicId: string,
      documentId: string,
      kept: { id: string; ordinal: number; headingPath: string[] }[],
      added: NewChunk[],
    ): Promise<void> {
      const keptIds = kept.map((chunk) => chunk.id);
      await db.query(
        `DELETE FROM kb_chunks WHERE clinic_id = $1 AND document_id = $2 AND NOT (id = ANY($3::uuid[]))`,
        [clinicId, documentId, keptIds],
      );
      // Ordinals are unique per document: park kept rows above any new ordinal before renumbering
      // (a document's text is capped far below a million chunks).
      await db.query(`UPDATE kb_chunks SET ordinal = ordinal + 1000000 WHERE clinic_id = $1 AND document_id = $2`, [
        clinicId,
        documentId,
      ]);
      for (const chunk of kept) {
        await db.query(
          `UPDATE kb_chunks SET ordinal = $3, heading_path = $4, updated_at = now() WHERE clinic_id = $1 AND id = $2`,
          [clinicId, chunk.id, chunk.ordinal, chunk.headingPath],
        );
      }
      for (const chunk of added) {
        await db.query(
          `INSERT INTO kb_chunks (clinic_id, document_id, ordinal, heading_path, content, content_sha256, embedding, embedding_model)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [clinicId, documentId, chunk.ordinal, chunk.headingPath, chunk.content, chunk.contentSha256, toSql(chunk.embedding), chunk.embeddingModel],
        );
      }
    },

    /** Documents whose chunks were embedded by another model, or never finished ingesting. */
    async findDocumentsNeedingIngestion(model: string): Promise<{ clinicId: string; documentId: string; contentSha256: string }[]> {
      const { rows } = await db.query<{ clinic_id: string; id: string; content_sha256: string }>(
        `SELECT d.clinic_id, d.id, d.content_sha256 FROM kb_documents d
          WHERE d.status IN ('pending', 'processing')
             OR EXISTS (SELECT 1 FROM kb_chunks c
                         WHERE c.document_id = d.id AND c.embedding_model IS DISTINCT FROM $1)
          ORDER BY d.created_at`,
        [model],
      );
      return rows.map((row) => ({ clinicId: row.clinic_id, documentId: row.id, contentSha256: row.content_sha256 }));
    },

    async search(
      clinicId: string,
      query: { embedding: number[] | null; text: string; expansion: string },
      k: number,
    ): Promise<SearchHit[]> {
      const { rows } = await db.query<{
        chunk_id: string;
        document_id: string;
        title: string;
        content: string;
        score: number;
        vector_rank: number | null;
        text_rank: number | null;
      }>('SELECT * FROM match_knowledge_chunks($1, $2::vector, $3, $4, p_expansion => $5)', [
        clinicId,
        query.embedding === null ? null : toSql(query.embedding),
        query.text,
        k,
        query.expansion,
      ]);
      return rows.map((row) => ({
        chunkId: row.chunk_id,
        documentId: row.document_id,
        title: row.title,
        content: row.content,
        score: row.score,
        vectorRank: row.vector_rank,
        textRank: row.text_rank,
      }));
    },
  };
}

export type KnowledgeRepo = ReturnType<typeof createKnowledgeRepo>;
