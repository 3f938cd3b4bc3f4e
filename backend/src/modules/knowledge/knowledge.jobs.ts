import { z } from 'zod';
import { defineJobCatalog } from '../../platform/jobs/job-catalog';

export const knowledgeJobs = defineJobCatalog({
  'kb.ingest': {
    schema: z.object({
      clinicId: z.uuid(),
      documentId: z.uuid(),
      // The revision to ingest; a job for an older revision finds it superseded and stops.
      revision: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    maxAttempts: 6,
    backoff: { baseDelayMs: 2_000, maxDelayMs: 300_000 },
  },
});

export type IngestPayload = z.infer<(typeof knowledgeJobs)['kb.ingest']['schema']>;

/** One job per document revision and embedding model: re-saving the same text is a no-op. */
export function ingestJobKey(payload: IngestPayload, model: string): string {
  return `kb.ingest:${payload.documentId}:${payload.revision}:${model}`;
}
