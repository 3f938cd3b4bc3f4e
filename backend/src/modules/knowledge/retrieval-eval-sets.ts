import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/paths';
import { readRetrievalCases, type RetrievalCase } from './retrieval-eval';

/** The shared evaluation set (next to the repository) and the project's own, larger one. */
export const SHARED_RETRIEVAL_SET = path.resolve(REPO_ROOT, '../shared/eval/retrieval.jsonl');
export const OWN_RETRIEVAL_SET = path.join(REPO_ROOT, 'backend/eval/retrieval.jsonl');

export type NamedCases = { name: string; file: string; cases: RetrievalCase[] };

export function loadRetrievalSets(): NamedCases[] {
  return [
    { name: 'shared', file: SHARED_RETRIEVAL_SET },
    { name: 'own', file: OWN_RETRIEVAL_SET },
  ]
    .filter((set) => fs.existsSync(set.file))
    .map((set) => ({ ...set, cases: readRetrievalCases(set.file) }));
}

/** Targets of the knowledge-base issue, on every set. */
export const RETRIEVAL_TARGETS = { recallAt3: 0.9, mrr: 0.75 } as const;
