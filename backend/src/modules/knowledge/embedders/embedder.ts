/** Turns texts into vectors for knowledge search; one adapter per provider, chosen in main.ts. */
export interface Embedder {
  /** Stored with every chunk, so a change of model re-embeds the knowledge base. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * False when embedding calls an external service. The voice path reads only local data
   * (architecture principle 7), so it searches by keywords alone with a remote embedder.
   */
  readonly isLocal: boolean;
  /** One vector per text, in order, each `dimensions` long. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** The width of `kb_chunks.embedding` (`vector(512)`); every adapter must produce it. */
export const EMBEDDING_DIMENSIONS = 512;
