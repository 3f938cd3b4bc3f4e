import fs from 'node:fs';
import { z } from 'zod';

/**
 * Retrieval quality: a case is a question to one clinic and the strings, any of which in a
 * returned chunk makes it a hit. recall@3 counts cases with a hit in the top 3; MRR averages
 * 1/rank of the first hit within the top `depth` results (0 when none).
 */
export const RetrievalCase = z.object({
  clinic: z.string().min(1),
  q: z.string().min(1),
  expect: z.array(z.string().min(1)).min(1),
});
export type RetrievalCase = z.infer<typeof RetrievalCase>;

export function readRetrievalCases(file: string): RetrievalCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .map((line, index) => {
      const parsed = RetrievalCase.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}: case ${index + 1} is not a retrieval case`);
      return parsed.data;
    });
}

export type RetrievalScore = { cases: number; recallAt3: number; mrr: number; misses: RetrievalCase[] };

export type SearchBySlug = (clinicSlug: string, query: string, k: number) => Promise<{ content: string }[]>;

const DEPTH = 10;

export function firstHitRank(results: { content: string }[], expected: string[]): number | undefined {
  const index = results.findIndex((result) => expected.some((needle) => result.content.includes(needle)));
  return index === -1 ? undefined : index + 1;
}

export async function scoreRetrieval(cases: RetrievalCase[], search: SearchBySlug): Promise<RetrievalScore> {
  let hitsAt3 = 0;
  let reciprocalRanks = 0;
  const misses: RetrievalCase[] = [];
  for (const testCase of cases) {
    const rank = firstHitRank(await search(testCase.clinic, testCase.q, DEPTH), testCase.expect);
    if (rank !== undefined && rank <= 3) hitsAt3 += 1;
    else misses.push(testCase);
    if (rank !== undefined) reciprocalRanks += 1 / rank;
  }
  const count = Math.max(cases.length, 1);
  return { cases: cases.length, recallAt3: hitsAt3 / count, mrr: reciprocalRanks / count, misses };
}
