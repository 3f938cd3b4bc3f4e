import type { DocumentStatus, DocumentSummary } from './knowledge-types';

/** Mirrors the backend's MAX_UPLOAD_BYTES (knowledge.schemas.ts): refuse early, not after the upload. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** File types the backend can extract text from (extract-text.ts). */
export const ACCEPTED_EXTENSIONS = ['md', 'markdown', 'txt', 'html', 'htm', 'pdf'] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.map((extension) => `.${extension}`).join(',');
export const MAX_TITLE_CHARS = 300;

export function extensionOf(filename: string): string {
  const match = /\.([^.]+)$/.exec(filename);
  return match ? match[1]!.toLowerCase() : '';
}

/** Why a picked or dropped file cannot be uploaded, or null when it can. */
export function uploadProblem(file: { name: string; size: number }): string | null {
  const extension = extensionOf(file.name);
  if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
    return `${file.name} is not a supported file type. Upload Markdown (.md), text (.txt), HTML (.html) or PDF (.pdf).`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) return `${file.name} is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.`;
  return null;
}

export function isIngesting(status: DocumentStatus): boolean {
  return status === 'pending' || status === 'processing';
}

/** Whether the list should be polled again: some document is still being chunked or embedded. */
export function hasIngestingDocuments(documents: readonly Pick<DocumentSummary, 'status'>[]): boolean {
  return documents.some((document) => isIngesting(document.status));
}

/** Share of chunks embedded, 0–100; a pending document has no chunk count yet. */
export function ingestionPercent(document: Pick<DocumentSummary, 'status' | 'progress'>): number {
  if (document.status === 'ready') return 100;
  const { chunksTotal, chunksEmbedded } = document.progress;
  if (chunksTotal <= 0) return 0;
  return Math.min(100, Math.round((chunksEmbedded / chunksTotal) * 100));
}

export function statusLabel(document: Pick<DocumentSummary, 'status' | 'progress'>): string {
  switch (document.status) {
    case 'pending':
      return 'Queued';
    case 'processing':
      return document.progress.chunksTotal > 0
        ? `Ingesting ${document.progress.chunksEmbedded}/${document.progress.chunksTotal}`
        : 'Ingesting';
    case 'ready':
      return 'Ready';
    case 'failed':
      return 'Failed';
  }
}

/** The first `maxChars` of a chunk, cut at a word boundary. */
export function excerpt(text: string, maxChars = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** Title and content as the backend validates them (single-line title, non-blank content). */
export function documentProblems(input: { title: string; content: string }): { title?: string; content?: string } {
  const problems: { title?: string; content?: string } = {};
  const title = input.title.trim();
  if (title === '') problems.title = 'Enter a title.';
  else if (title.length > MAX_TITLE_CHARS) problems.title = `Keep the title under ${MAX_TITLE_CHARS} characters.`;
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(title)) problems.title = 'The title must be a single line.';
  if (input.content.trim() === '') problems.content = 'Enter the document text.';
  return problems;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
