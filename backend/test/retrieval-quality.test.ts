import { existsSync } from 'node:fs';
import { scoreRetrieval } from '../src/modules/knowledge/retrieval-eval';
import { loadRetrievalSets, OWN_RETRIEVAL_SET, RETRIEVAL_TARGETS, SHARED_RETRIEVAL_SET } from '../src/modules/knowledge/retrieval-eval-sets';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug, runQueuedJobs } from './support/knowledge-fixtures';
import { createTestServices } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('retrieval quality with the default local embedder (hybrid search over the sample KBs)', () => {
  const services = createTestServices(db);
  const clinicIds = new Map<string, string>();

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    for (const slug of ['demo', 'northside']) clinicIds.set(slug, await clinicIdBySlug(db, slug));
    await services.knowledge.enqueuePendingIngestion();
    await runQueuedJobs(services);
  });

  const sets = loadRetrievalSets();

  it('has the project set, and the shared set when ../shared is beside the repository', () => {
    const files = sets.map((set) => set.file);
    expect(files).toContain(OWN_RETRIEVAL_SET);
    expect(files).toEqual(existsSync(SHARED_RETRIEVAL_SET) ? [SHARED_RETRIEVAL_SET, OWN_RETRIEVAL_SET] : [OWN_RETRIEVAL_SET]);
  });

  it.each(sets.map((set) => [set.name, set] as const))(
    'meets recall@3 >= 0.9 and MRR >= 0.75 on the %s set',
    async (_name, set) => {
      const score = await scoreRetrieval(set.cases, (slug, query, k) =>
        services.knowledge.search(clinicIds.get(slug)!, query, k),
      );
      const report = `recall@3 ${score.recallAt3.toFixed(3)}, MRR ${score.mrr.toFixed(3)}; misses:\n${score.misses
        .map((miss) => `  ${miss.clinic}: ${miss.q}`)
        .join('\n')}`;
      expect({ passes: score.recallAt3 >= RETRIEVAL_TARGETS.recallAt3 && score.mrr >= RETRIEVAL_TARGETS.mrr, report }).toEqual({
        passes: true,
        report,
      });
    },
  );
});
