import type { Db, Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { PermanentJobError } from '../../platform/jobs/job-failure';
import type { JobContext } from '../../platform/jobs/job-worker';
import type { Logger } from '../../platform/logger';
import { recordAudit } from '../audit/audit.repo';
import type { Embedder } from './embedders/embedder';
import { documentRevision, ingestDocument } from './knowledge.ingestion';
import { ingestJobKey, knowledgeJobs, type IngestPayload } from './knowledge.jobs';
import { createKnowledgeRepo, type DocumentRecord, type DocumentSummary as SummaryRecord, type SourceType } from './knowledge.repo';
import { MAX_DOCUMENT_CHARS, type Document, type DocumentSummary, type SearchResult } from './knowledge.schemas';
import { expandQueryTerms } from './search-vocabulary';

export type KnowledgeJobQueue = {
  enqueue(
    kind: 'kb.ingest',
    payload: IngestPayload,
    options: { uniqueKey: string; clinicId: string; tx?: Queryable; ifFinished: 'requeue' },
  ): Promise<{ id: string; created: boolean }>;
};

export type DocumentInput = { title: string; content: string; sourceType: SourceType; sourceName: string | null };

function toSummaryDto(record: SummaryRecord): DocumentSummary {
  return {
    id: record.id,
    title: record.title,
    sourceType: record.sourceType,
    sourceName: record.sourceName,
    status: record.status,
    statusReason: record.statusReason,
    progress: { chunksTotal: record.chunksTotal, chunksEmbedded: record.chunksEmbedded },
    contentLength: record.contentLength,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

function toDocumentDto(record: DocumentRecord): Document {
  return { ...toSummaryDto(record), content: record.content };
}

function normaliseContent(content: string): string {
  const normalised = content.replace(/\r\n?/g, '\n');
  if (normalised.length > MAX_DOCUMENT_CHARS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `Document text is too long (at most ${MAX_DOCUMENT_CHARS.toLocaleString('en-GB')} characters)`);
  }
  return normalised;
}

export function createKnowledgeService(deps: { db: Db; embedder: Embedder; queue: KnowledgeJobQueue; logger: Logger }) {
  const { db, embedder, queue } = deps;
  const repo = createKnowledgeRepo(db);

  async function enqueueIngestion(tx: Queryable, payload: IngestPayload): Promise<void> {
    await queue.enqueue('kb.ingest', payload, {
      uniqueKey: ingestJobKey(payload, embedder.model),
      clinicId: payload.clinicId,
      tx,
      // A revision can come back (an edit undone, a provider switched back): ingest it again.
      ifFinished: 'requeue',
    });
  }

  async function requireDocument(clinicId: string, documentId: string): Promise<DocumentRecord> {
    const document = await repo.findDocument(clinicId, documentId);
    if (!document) throw notFound('Document');
    return document;
  }

  return {
    async listDocuments(clinicId: string): Promise<DocumentSummary[]> {
      return (await repo.listDocuments(clinicId)).map(toSummaryDto);
    },

    async getDocument(clinicId: string, documentId: string): Promise<Document> {
      return toDocumentDto(await requireDocument(clinicId, documentId));
    },

    async createDocument(clinicId: string, actorUserId: string, input: DocumentInput): Promise<Document> {
      const content = normaliseContent(input.content);
      const revision = documentRevision(input.title, content);
      const documentId = await db.transaction(async (tx) => {
        const id = await createKnowledgeRepo(tx).insertDocument(clinicId, {
          ...input,
          content,
          contentSha256: revision,
          createdBy: actorUserId,
        });
        await enqueueIngestion(tx, { clinicId, documentId: id, revision });
        await recordAudit(tx, {
          clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'kb.document.created',
          entity: { type: 'kb_document', id },
          data: { sourceType: input.sourceType, length: content.length },
        });
        return id;
      });
      return toDocumentDto(await requireDocument(clinicId, documentId));
    },

    async updateDocument(
      clinicId: string,
      actorUserId: string,
      documentId: string,
      changes: Partial<DocumentInput>,
    ): Promise<Document> {
      await db.transaction(async (tx) => {
        const txRepo = createKnowledgeRepo(tx);
        const current = await txRepo.findDocument(clinicId, documentId, { forUpdate: true });
        if (!current) throw notFound('Document');
        const title = changes.title ?? current.title;
        const content = changes.content === undefined ? current.content : normaliseContent(changes.content);
        const revision = documentRevision(title, content);
        const isChanged = revision !== current.contentSha256;
        await txRepo.updateDocument(clinicId, documentId, {
          title,
          content,
          contentSha256: revision,
          sourceType: changes.sourceType ?? current.sourceType,
          sourceName: changes.sourceName === undefined ? current.sourceName : changes.sourceName,
          isContentChanged: isChanged,
        });
        if (isChanged) await enqueueIngestion(tx, { clinicId, documentId, revision });
        await recordAudit(tx, {
          clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'kb.document.updated',
          entity: { type: 'kb_document', id: documentId },
          data: { fields: Object.keys(changes), reingested: isChanged },
        });
      });
      return toDocumentDto(await requireDocument(clinicId, documentId));
    },

    async deleteDocument(clinicId: string, actorUserId: string, documentId: string): Promise<void> {
      await db.transaction(async (tx) => {
        // Chunks go with the document (ON DELETE CASCADE): it leaves search in this transaction.
        const isDeleted = await createKnowledgeRepo(tx).deleteDocument(clinicId, documentId);
        if (!isDeleted) throw notFound('Document');
        await recordAudit(tx, {
          clinicId,
          actor: { type: 'user', userId: actorUserId },
          action: 'kb.document.deleted',
          entity: { type: 'kb_document', id: documentId },
        });
      });
    },

    /** Hybrid search of one clinic's knowledge base, best first. */
    async search(clinicId: string, query: string, k: number, options: { isLocalOnly?: boolean } = {}): Promise<SearchResult[]> {
      // Inside a voice turn only local work is allowed: a remote embedder gives way to keywords.
      const isKeywordOnly = options.isLocalOnly === true && !embedder.isLocal;
      const [embedding] = isKeywordOnly ? [null] : await embedder.embed([query]);
      if (embedding === undefined) throw new AppError('UPSTREAM_FAILED', 'The embedder returned no vector');
      // Synonyms, slang and corrected spellings widen the keyword side at a lower weight.
      const hits = await repo.search(clinicId, { embedding, text: query, expansion: expandQueryTerms(query).join(' ') }, k);
      return hits.map((hit) => ({
        chunkId: hit.chunkId,
        documentId: hit.documentId,
        title: hit.title,
        content: hit.content,
        score: hit.score,
      }));
    },

    /**
     * Queues ingestion for documents that are pending (e.g. just seeded) or embedded by another
     * model (the provider changed). Safe at every boot of every instance: job keys dedupe.
     */
    async enqueuePendingIngestion(): Promise<number> {
      const documents = await repo.findDocumentsNeedingIngestion(embedder.model);
      for (const document of documents) {
        await enqueueIngestion(db, { clinicId: document.clinicId, documentId: document.documentId, revision: document.contentSha256 });
      }
      return documents.length;
    },

    /** The `kb.ingest` job handler. */
    async runIngestJob(payload: IngestPayload, context: JobContext): Promise<void> {
      try {
        const outcome = await ingestDocument({ db, embedder, logger: context.logger }, payload);
        if (outcome !== 'ingested') context.logger.info('ingestion skipped', { outcome, documentId: payload.documentId });
      } catch (error) {
        const isFinal =
          context.attempt >= knowledgeJobs['kb.ingest'].maxAttempts ||
          (error instanceof AppError && error.status < 500);
        const reason = error instanceof Error ? error.message.slice(0, 300) : 'ingestion failed';
        await repo.setStatus(payload.clinicId, payload.documentId, isFinal ? 'failed' : 'pending', {
          reason: isFinal ? reason : `Retrying after: ${reason}`,
        });
        if (isFinal) throw new PermanentJobError(reason, { cause: error });
        throw error;
      }
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
