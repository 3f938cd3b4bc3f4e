import type { Chunk } from './chunking';
import { documentRevision, planChunkReuse } from './knowledge.ingestion';

function chunk(ordinal: number, contentSha256: string): Chunk {
  return { ordinal, headingPath: ['Doc'], content: `content ${contentSha256}`, contentSha256 };
}

describe('planChunkReuse', () => {
  it('keeps stored chunks with the same text and model, and embeds the rest', () => {
    const plan = planChunkReuse(
      [chunk(0, 'a'), chunk(1, 'b'), chunk(2, 'c')],
      [
        { id: 'row-b', contentSha256: 'b', embeddingModel: 'local-hash-v1' },
        { id: 'row-c', contentSha256: 'c', embeddingModel: 'text-embedding-3-small' },
        { id: 'row-z', contentSha256: 'z', embeddingModel: 'local-hash-v1' },
      ],
      'local-hash-v1',
    );
    expect(plan.kept.map(({ id, chunk: kept }) => [id, kept.ordinal])).toEqual([['row-b', 1]]);
    expect(plan.toEmbed.map((pending) => pending.contentSha256)).toEqual(['a', 'c']);
  });

  it('reuses each stored row once when a text repeats', () => {
    const plan = planChunkReuse(
      [chunk(0, 'same'), chunk(1, 'same')],
      [{ id: 'row-1', contentSha256: 'same', embeddingModel: 'm' }],
      'm',
    );
    expect(plan.kept).toHaveLength(1);
    expect(plan.toEmbed).toHaveLength(1);
  });
});

describe('documentRevision', () => {
  it('changes with the title as well as the content', () => {
    expect(documentRevision('A', 'text')).not.toBe(documentRevision('B', 'text'));
    expect(documentRevision('A', 'text')).toBe(documentRevision('A', 'text'));
    expect(documentRevision('A', 'text')).toMatch(/^[0-9a-f]{64}$/);
  });
});
