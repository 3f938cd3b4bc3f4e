/** Shapes of the knowledge-base API (backend `knowledge.schemas.ts`, `conversation.schemas.ts`). */

export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed';

export type DocumentSummary = {
  id: string;
  title: string;
  sourceType: 'text' | 'markdown' | 'html' | 'pdf' | 'seed';
  sourceName: string | null;
  status: DocumentStatus;
  statusReason: string | null;
  progress: { chunksTotal: number; chunksEmbedded: number };
  contentLength: number;
  createdAt: string;
  updatedAt: string;
};

export type KnowledgeDocument = DocumentSummary & { content: string };

export type SearchResult = { chunkId: string; documentId: string; title: string; content: string; score: number };

export type PreviewChannel = 'voice' | 'sms';

export type PreviewResponse = {
  reply: string;
  intent: string;
  flags: { emergency: boolean; medicalAdvice: boolean; humanRequested: boolean; complaint: boolean };
  citations: string[];
};
