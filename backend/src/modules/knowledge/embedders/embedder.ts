/** Turns texts into vectors for knowledge search; one adapter per provider, chosen in main.ts. */
export interface Embedder {
  /** Stored with every chunk, so a change of model re-embeds the knowledge base. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, in order, each `dimensions` long. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** The width of `kb_chunks.embedding` (`vector(512)`); every adapter must produce it. */
export const EMBEDDING_DIMENSIONS = 512;
