import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../platform/paths';
import { chunkDocument } from '../chunking';
import { readRetrievalCases, scoreRetrieval } from '../retrieval-eval';
import { createLocalEmbedder } from './local-embedder';

const SHARED_EVAL_FILE = path.resolve(REPO_ROOT, '../shared/eval/retrieval.jsonl');
const SAMPLE_KB_DIR = path.join(REPO_ROOT, 'sample-kb');

type IndexedChunk = { content: string; vector: number[] };

/** Every clinic folder of sample-kb chunked the way ingestion does, titled by its first `# ` heading. */
async function indexSampleKnowledgeBases(): Promise<Map<string, IndexedChunk[]>> {
  const embedder = createLocalEmbedder();
  const byClinic = new Map<string, IndexedChunk[]>();
  const slugs = fs.readdirSync(SAMPLE_KB_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const { name: slug } of slugs) {
    const files = fs.readdirSync(path.join(SAMPLE_KB_DIR, slug)).filter((file) => file.endsWith('.md'));
    const contents = files.flatMap((file) => {
      const content = fs.readFileSync(path.join(SAMPLE_KB_DIR, slug, file), 'utf8');
      const title = /^# (.+)$/m.exec(content)?.[1] ?? file;
      return chunkDocument({ title, content }).map((chunk) => chunk.content);
    });
    const vectors = await embedder.embed(contents);
    byClinic.set(slug, contents.map((content, index) => ({ content, vector: vectors[index]! })));
  }
  return byClinic;
}

describe('local embedder retrieval quality (vector only, shared evaluation set)', () => {
  it('finds the chunk holding the fact: recall@3 >= 0.85 and MRR >= 0.7', async () => {
    if (!fs.existsSync(SHARED_EVAL_FILE)) {
      throw new Error(`Shared retrieval evaluation set not found at ${SHARED_EVAL_FILE}; it lives in shared/eval/ beside the repository.`);
    }
    const index = await indexSampleKnowledgeBases();
    const embedder = createLocalEmbedder();
    const searchByVector = async (clinicSlug: string, question: string, k: number) => {
      const chunks = index.get(clinicSlug);
      if (!chunks) throw new Error(`No sample-kb folder for clinic "${clinicSlug}"`);
      const [query] = await embedder.embed([question]);
      return chunks
        .map((chunk) => ({ content: chunk.content, similarity: chunk.vector.reduce((sum, value, at) => sum + value * query![at]!, 0) }))
        .sort((left, right) => right.similarity - left.similarity)
        .slice(0, k);
    };
    const { cases, recallAt3, mrr, misses } = await scoreRetrieval(readRetrievalCases(SHARED_EVAL_FILE), searchByVector);
    const summary = `recall@3 ${recallAt3.toFixed(3)}, MRR ${mrr.toFixed(3)} over ${cases}; missed: ${misses.map((miss) => miss.q).join(' | ')}`;
    expect(cases).toBeGreaterThan(0);
    expect(recallAt3 >= 0.85 && mrr >= 0.7 ? 'meets the targets' : summary).toBe('meets the targets');
  });
});
