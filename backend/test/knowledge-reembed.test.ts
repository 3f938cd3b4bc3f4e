import { createLocalEmbedder } from '../src/modules/knowledge/embedders/local-embedder';
import { createOpenAiEmbedder } from '../src/modules/knowledge/embedders/openai-embedder';
import { seedDemoData } from '../src/seed/seed';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fakes/fake-openai-server';
import { clinicIdBySlug, runQueuedJobs } from './support/knowledge-fixtures';
import { createTestServices } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
let openAi: FakeOpenAiServer;
beforeAll(async () => {
  openAi = await startFakeOpenAiServer();
});
afterAll(async () => {
  await openAi.close();
  await db.close();
});

async function chunkModels(): Promise<Record<string, number>> {
  const { rows } = await db.query<{ embedding_model: string; count: number }>(
    'SELECT embedding_model, count(*)::int AS count FROM kb_chunks GROUP BY embedding_model',
  );
  return Object.fromEntries(rows.map((row) => [row.embedding_model, row.count]));
}

describe('changing the embedding provider re-embeds through jobs', () => {
  it('moves every chunk to the new model, and back again', async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    const local = createTestServices(db, { embedder: createLocalEmbedder() });
    await local.knowledge.enqueuePendingIngestion();
    await runQueuedJobs(local);
    const total = Object.values(await chunkModels()).reduce((sum, count) => sum + count, 0);
    expect(await chunkModels()).toEqual({ 'local-hash-v1': total });

    const remote = createTestServices(db, {
      embedder: createOpenAiEmbedder({ apiKey: openAi.apiKey, baseUrl: openAi.baseUrl, logger: silentLogger() }),
    });
    expect(await remote.knowledge.enqueuePendingIngestion()).toBeGreaterThan(0);
    await runQueuedJobs(remote);
    expect(await chunkModels()).toEqual({ 'text-embedding-3-small': total });
    expect(openAi.requestsTo('/v1/embeddings').length).toBeGreaterThan(0);
    const demo = await clinicIdBySlug(db, 'demo');
    expect((await remote.knowledge.search(demo, 'parking', 3)).length).toBe(3);

    // Switching back must re-embed again even though these revisions were ingested locally before.
    expect(await local.knowledge.enqueuePendingIngestion()).toBeGreaterThan(0);
    await runQueuedJobs(local);
    expect(await chunkModels()).toEqual({ 'local-hash-v1': total });
    expect(await local.knowledge.enqueuePendingIngestion()).toBe(0);
  });
});
