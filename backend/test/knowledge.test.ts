import request from 'supertest';
import { seedDemoData } from '../src/seed/seed';
import { makeClinic, makeUser } from './support/factories';
import { clinicIdBySlug, runQueuedJobs } from './support/knowledge-fixtures';
import { buildPdf } from './support/pdf-builder';
import { createTestApp } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

type Result = { chunkId: string; documentId: string; title: string; content: string; score: number };

describe('knowledge base API', () => {
  const { app, deps } = createTestApp(db);
  const services = deps.services;
  let demoId: string;
  let northsideId: string;
  let ownerToken: string;
  let staffToken: string;

  async function login(email: string, password: string): Promise<string> {
    const response = await request(app).post('/api/v1/auth/login').send({ email, password });
    return response.body.token as string;
  }

  function search(clinicId: string, query: string, token = ownerToken, k?: number) {
    return request(app)
      .post(`/api/v1/clinics/${clinicId}/kb/search`)
      .set('Authorization', `Bearer ${token}`)
      .send(k === undefined ? { query } : { query, k });
  }

  async function documentIdsOf(clinicId: string): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM kb_documents WHERE clinic_id = $1', [clinicId]);
    return new Set(rows.map((row) => row.id));
  }

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdBySlug(db, 'demo');
    northsideId = await clinicIdBySlug(db, 'northside');
    expect(await services.knowledge.enqueuePendingIngestion()).toBeGreaterThan(0);
    await runQueuedJobs(services);
    ownerToken = await login('owner@demo.clinic', 'demo-owner-pass');
    staffToken = await login('staff@demo.clinic', 'demo-staff-pass');
  });

  it('ingests the seeded documents: every one ready, with its progress complete', async () => {
    const response = await request(app).get(`/api/v1/clinics/${demoId}/kb/documents`).set('Authorization', `Bearer ${staffToken}`);
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThanOrEqual(5);
    for (const document of response.body.items as { status: string; progress: { chunksTotal: number; chunksEmbedded: number } }[]) {
      expect(document.status).toBe('ready');
      expect(document.progress.chunksTotal).toBeGreaterThan(0);
      expect(document.progress.chunksEmbedded).toBe(document.progress.chunksTotal);
    }
    expect(await services.knowledge.enqueuePendingIngestion()).toBe(0);
  });

  it('finds the clinic fact, best first, in the shape of the contract', async () => {
    const response = await search(demoId, 'How much is lip filler?');
    expect(response.status).toBe(200);
    const results = response.body.results as Result[];
    expect(results.length).toBe(5);
    expect(Object.keys(results[0]!).sort()).toEqual(['chunkId', 'content', 'documentId', 'score', 'title']);
    expect(results.slice(0, 3).some((result) => result.content.includes('£280'))).toBe(true);
    const scores = results.map((result) => result.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("never returns another clinic's chunks", async () => {
    const demoDocuments = await documentIdsOf(demoId);
    const northsideDocuments = await documentIdsOf(northsideId);
    for (const query of ['lip filler price', 'parking', 'cancellation policy', 'knocked out tooth milk', 'opening hours']) {
      const fromNorthside = (await search(northsideId, query, await login('owner@northside.clinic', 'demo-owner-pass'))).body.results as Result[];
      expect(fromNorthside.every((result) => northsideDocuments.has(result.documentId))).toBe(true);
      const fromDemo = (await search(demoId, query)).body.results as Result[];
      expect(fromDemo.every((result) => demoDocuments.has(result.documentId))).toBe(true);
    }
    expect((await search(northsideId, 'lip filler')).status).toBe(404); // demo owner, Northside clinic
  });

  it('lets staff search and read but not change documents', async () => {
    expect((await search(demoId, 'parking', staffToken)).status).toBe(200);
    const create = await request(app)
      .post(`/api/v1/clinics/${demoId}/kb/documents`)
      .set('Authorization', `Bearer ${staffToken}`)
      .send({ title: 'Staff note', content: 'Should not be stored' });
    expect(create.status).toBe(403);
  });

  it('creates, re-ingests only what changed, and deletes with immediate effect', async () => {
    const auth = `Bearer ${ownerToken}`;
    const created = await request(app)
      .post(`/api/v1/clinics/${demoId}/kb/documents`)
      .set('Authorization', auth)
      .send({
        title: "Summer offers'); DROP TABLE kb_documents; --",
        content: '# Summer offers\n\n## Zebrafish facial\n\nThe zebrafish facial costs £99 this July.\n\n## Quokka peel\n\nThe quokka peel is £77 on Tuesdays.',
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', title: "Summer offers'); DROP TABLE kb_documents; --" });
    const documentId = created.body.id as string;
    await runQueuedJobs(services);
    expect((await request(app).get(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`).set('Authorization', auth)).body.status).toBe('ready');
    const found = (await search(demoId, 'zebrafish facial')).body.results as Result[];
    expect(found[0]).toMatchObject({ documentId });
    expect(found[0]!.content).toContain('£99');

    const chunkIds = async () =>
      (await db.query<{ id: string; content: string }>('SELECT id, content FROM kb_chunks WHERE document_id = $1 ORDER BY ordinal', [documentId])).rows;
    const before = await chunkIds();
    const quokkaBefore = before.find((chunk) => chunk.content.includes('quokka'));

    const updated = await request(app)
      .put(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`)
      .set('Authorization', auth)
      .send({ content: '# Summer offers\n\n## Zebrafish facial\n\nThe zebrafish facial now costs £89.\n\n## Quokka peel\n\nThe quokka peel is £77 on Tuesdays.' });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe('pending');
    await runQueuedJobs(services);
    const after = await chunkIds();
    // The unchanged section keeps its chunk (and embedding); only the edited one is new.
    expect(after.find((chunk) => chunk.content.includes('quokka'))?.id).toBe(quokkaBefore?.id);
    const zebra = (await search(demoId, 'zebrafish facial price')).body.results as Result[];
    expect(zebra[0]!.content).toContain('£89');
    expect(zebra.some((result) => result.content.includes('£99'))).toBe(false);

    // Undoing the edit brings back an earlier revision: it is ingested again, not skipped.
    const reverted = await request(app)
      .put(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`)
      .set('Authorization', auth)
      .send({ content: '# Summer offers\n\n## Zebrafish facial\n\nThe zebrafish facial costs £99 this July.\n\n## Quokka peel\n\nThe quokka peel is £77 on Tuesdays.' });
    expect(reverted.body.status).toBe('pending');
    await runQueuedJobs(services);
    expect((await request(app).get(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`).set('Authorization', auth)).body.status).toBe('ready');
    expect(((await search(demoId, 'zebrafish facial price')).body.results as Result[])[0]!.content).toContain('£99');

    const deleted = await request(app).delete(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`).set('Authorization', auth);
    expect(deleted.status).toBe(204);
    const afterDelete = (await search(demoId, 'zebrafish facial')).body.results as Result[];
    expect(afterDelete.some((result) => result.documentId === documentId)).toBe(false);
    expect((await request(app).get(`/api/v1/clinics/${demoId}/kb/documents/${documentId}`).set('Authorization', auth)).status).toBe(404);
  });

  it('ingests an uploaded HTML page without its scripts', async () => {
    const html = `<!doctype html><html><head><title>Winter hours</title><script>alert('x')</script></head>
      <body><h1>Winter hours</h1><p>Over Christmas the clinic closes at 13:00 on 24 December &amp; reopens 2 January.</p>
      <table><tr><th>Day</th><th>Hours</th></tr><tr><td>Christmas Eve</td><td>09:00–13:00</td></tr></table></body></html>`;
    const response = await request(app)
      .post(`/api/v1/clinics/${demoId}/kb/documents`)
      .set('Authorization', `Bearer ${ownerToken}`)
      .attach('file', Buffer.from(html), { filename: 'winter-hours.html', contentType: 'text/html' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: 'Winter hours', sourceType: 'html', sourceName: 'winter-hours.html' });
    expect(response.body.content).not.toMatch(/<script|alert/);
    expect(response.body.content).toContain('24 December & reopens');
    await runQueuedJobs(services);
    const results = (await search(demoId, 'are you open on christmas eve')).body.results as Result[];
    expect(results.slice(0, 3).map((result) => result.documentId)).toContain(response.body.id);
  });

  it('ingests an uploaded PDF', async () => {
    const pdf = buildPdf({ pages: [['Gift card terms', 'Platypus gift cards can be redeemed against any treatment.']] });
    const response = await request(app)
      .post(`/api/v1/clinics/${demoId}/kb/documents`)
      .set('Authorization', `Bearer ${ownerToken}`)
      .field('title', 'Platypus gift cards')
      .attach('file', pdf, { filename: 'gift-cards.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: 'Platypus gift cards', sourceType: 'pdf' });
    await runQueuedJobs(services);
    const results = (await search(demoId, 'platypus gift card')).body.results as Result[];
    expect(results[0]!.documentId).toBe(response.body.id);
  });

  it('refuses a 20 MB upload with 413 and stores nothing', async () => {
    const before = (await documentIdsOf(demoId)).size;
    const response = await request(app)
      .post(`/api/v1/clinics/${demoId}/kb/documents`)
      .set('Authorization', `Bearer ${ownerToken}`)
      .attach('file', Buffer.alloc(20 * 1024 * 1024, 'a'), { filename: 'huge.txt', contentType: 'text/plain' });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await documentIdsOf(demoId)).size).toBe(before);
  });

  it('rejects invalid input with 400 and unsupported files with 415', async () => {
    const auth = `Bearer ${ownerToken}`;
    const base = `/api/v1/clinics/${demoId}/kb`;
    expect((await request(app).post(`${base}/documents`).set('Authorization', auth).send({ title: '', content: 'x' })).status).toBe(400);
    expect((await request(app).post(`${base}/documents`).set('Authorization', auth).send({ title: 'a\nb', content: 'x' })).status).toBe(400);
    expect((await request(app).post(`${base}/documents`).set('Authorization', auth).send({ title: 'ok', content: 'x', extra: 1 })).status).toBe(400);
    expect((await request(app).post(`${base}/search`).set('Authorization', auth).send({ query: 'x'.repeat(1001) })).status).toBe(400);
    expect((await request(app).post(`${base}/search`).set('Authorization', auth).send({ query: 'parking', k: 50 })).status).toBe(400);
    const exe = await request(app)
      .post(`${base}/documents`)
      .set('Authorization', auth)
      .attach('file', Buffer.from('MZ\u0000\u0001'), { filename: 'setup.exe', contentType: 'application/octet-stream' });
    expect(exe.status).toBe(415);
    expect((await request(app).get(`${base}/documents/not-a-uuid`).set('Authorization', auth)).status).toBe(404);
  });
});

describe('knowledge search across many clinics', () => {
  const { deps } = createTestApp(db);
  const services = deps.services;

  it('fills k results from the right clinic whether the scan is exact or through the HNSW index', async () => {
    await resetDatabase(db);
    const owner = await makeUser(db);
    const clinics = [];
    for (let index = 0; index < 25; index += 1) {
      const clinic = await makeClinic(db);
      clinics.push(clinic);
      const sections = Array.from({ length: index === 0 ? 2 : 12 }, (_, section) =>
        `## Treatment ${section}\n\nThe treatment number ${section} at ${clinic.name} costs £${100 + section} and lasts ${30 + section} minutes.`,
      ).join('\n\n');
      await services.knowledge.createDocument(clinic.id, owner.id, {
        title: `Prices of ${clinic.name}`,
        content: `# Prices\n\n${sections}`,
        sourceType: 'markdown',
        sourceName: null,
      });
    }
    await runQueuedJobs(services);
    const small = clinics[0]!;
    const smallDocuments = await db.query<{ id: string }>('SELECT id FROM kb_chunks WHERE clinic_id = $1', [small.id]);
    const [embedding] = await deps.services.knowledge.search(small.id, 'treatment price', 20).then(() => [[0]]);
    expect(embedding).toBeDefined();

    for (const exactThreshold of [5000, 0]) {
      const { rows } = await db.query<{ chunk_id: string }>(
        `SELECT chunk_id FROM match_knowledge_chunks($1, (SELECT embedding FROM kb_chunks WHERE clinic_id <> $1 LIMIT 1), 'treatment price', 20, 40, $2)`,
        [small.id, exactThreshold],
      );
      expect(rows.length).toBe(smallDocuments.rows.length);
      const ids = new Set(smallDocuments.rows.map((row) => row.id));
      expect(rows.every((row) => ids.has(row.chunk_id))).toBe(true);
    }
  });
});
