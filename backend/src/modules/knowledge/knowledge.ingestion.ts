import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { chunkDocument, type Chunk } from './chunking';
import type { Embedder } from './embedders/embedder';
import { createKnowledgeRepo, type NewChunk, type StoredChunk } from './knowledge.repo';
import type { IngestPayload } from './knowledge.jobs';

const EMBED_BATCH_SIZE = 64;

/**
 * What the chunks are built from. The title is part of it: it heads the heading path of
 * documents without an H1, so renaming one changes its chunks.
 */
export function documentRevision(title: string, content: string): string {
  return createHash('sha256').update(title).update('\0').update(content).digest('hex');
}

export type IngestOutcome = 'ingested' | 'superseded' | 'missing';

/** Chunks that can keep their row (same text, same model) and the ones to embed. */
export function planChunkReuse(
  chunks: Chunk[],
  stored: StoredChunk[],
  model: string,
): { kept: { id: string; chunk: Chunk }[]; toEmbed: Chunk[] } {
  const reusable = new Map<string, string[]>();
  for (const row of stored) {
    if (row.embeddingModel !== model) continue;
    const ids = reusable.get(row.contentSha256) ?? [];
    ids.push(row.id);
    reusable.set(row.contentSha256, ids);
  }
  const kept: { id: string; chunk: Chunk }[] = [];
  const toEmbed: Chunk[] = [];
  for (const chunk of chunks) {
    const id = reusable.get(chunk.contentSha256)?.shift();
    if (id) kept.push({ id, chunk });
    else toEmbed.push(chunk);
  }
  return { kept, toEmbed };
}

/**
 * Chunks a document revision, embeds only chunks whose text is new, and swaps the document's
 * chunks in one transaction. Embedding happens outside any transaction (it may call a remote
 * API); the swap re-checks the revision under a row lock, so a newer edit always wins.
 */
export async function ingestDocument(
  deps: { db: Db; embedder: Embedder; logger: Logger },
  job: IngestPayload,
): Promise<IngestOutcome> {
  const repo = createKnowledgeRepo(deps.db);
  const document = await repo.findDocument(job.clinicId, job.documentId);
  if (!document) return 'missing';
  if (document.contentSha256 !== job.revision) return 'superseded';

  const chunks = chunkDocument({ title: document.title, content: document.content });
  const { kept, toEmbed } = planChunkReuse(chunks, await repo.listChunks(job.clinicId, job.documentId), deps.embedder.model);
  await repo.setStatus(job.clinicId, job.documentId, 'processing', {
    chunksTotal: chunks.length,
    chunksEmbedded: kept.length,
  });

  const added: NewChunk[] = [];
  for (let start = 0; start < toEmbed.length; start += EMBED_BATCH_SIZE) {
    const batch = toEmbed.slice(start, start + EMBED_BATCH_SIZE);
    const vectors = await deps.embedder.embed(batch.map((chunk) => chunk.content));
    batch.forEach((chunk, index) => {
      added.push({ ...chunk, embedding: vectors[index]!, embeddingModel: deps.embedder.model });
    });
    await repo.setStatus(job.clinicId, job.documentId, 'processing', { chunksEmbedded: kept.length + added.length });
  }

  return deps.db.transaction(async (tx) => {
    const txRepo = createKnowledgeRepo(tx);
    const current = await txRepo.findDocument(job.clinicId, job.documentId, { forUpdate: true });
    if (!current) return 'missing';
    if (current.contentSha256 !== job.revision) return 'superseded';
    await txRepo.replaceChunks(
      job.clinicId,
      job.documentId,
      kept.map(({ id, chunk }) => ({ id, ordinal: chunk.ordinal, headingPath: chunk.headingPath })),
      added,
    );
    await txRepo.setStatus(job.clinicId, job.documentId, 'ready', {
      chunksTotal: chunks.length,
      chunksEmbedded: chunks.length,
    });
    deps.logger.info('document ingested', {
      clinicId: job.clinicId,
      documentId: job.documentId,
      chunks: chunks.length,
      embedded: added.length,
      reused: kept.length,
    });
    return 'ingested';
  });
}
