import { z } from 'zod';

/** Longest document text accepted (after extraction), in characters. */
export const MAX_DOCUMENT_CHARS = 500_000;
/** Largest uploaded file, in bytes. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

// Titles are shown in the dashboard and spoken as citations: one line of printable text.
const title = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(300, 'must be at most 300 characters')
  // eslint-disable-next-line no-control-regex
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must be a single line without control characters');

const content = z.string().refine((value) => value.trim().length > 0, 'must not be empty');

export const DocumentCreate = z.object({ title, content }).strict();
export type DocumentCreate = z.infer<typeof DocumentCreate>;

export const DocumentUpdate = z
  .object({ title: title.optional(), content: content.optional() })
  .strict()
  .refine((value) => value.title !== undefined || value.content !== undefined, 'title or content is required');
export type DocumentUpdate = z.infer<typeof DocumentUpdate>;

/** Multipart form fields that may accompany an uploaded file. */
export const UploadFields = z.object({ title: title.optional() }).strip();

export const SearchRequest = z
  .object({
    query: z.string().trim().min(1, 'is required').max(1_000, 'must be at most 1,000 characters'),
    k: z.coerce.number().int().min(1).max(20).default(5),
  })
  .strict();
export type SearchRequest = z.infer<typeof SearchRequest>;

export const DocumentSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  sourceType: z.enum(['text', 'markdown', 'html', 'pdf', 'seed']),
  sourceName: z.string().nullable(),
  status: z.enum(['pending', 'processing', 'ready', 'failed']),
  statusReason: z.string().nullable(),
  progress: z.object({ chunksTotal: z.number(), chunksEmbedded: z.number() }),
  contentLength: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const Document = DocumentSummary.extend({ content: z.string() });
export type Document = z.infer<typeof Document>;

export const SearchResult = z.object({
  chunkId: z.uuid(),
  documentId: z.uuid(),
  title: z.string(),
  content: z.string(),
  score: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;
