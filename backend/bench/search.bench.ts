/**
 * `npm run bench`: knowledge search latency on the embedded database at 1k, 10k and 50k chunks
 * spread over 20 clinics (one large clinic holding 40%, so the HNSW path is measured too), with
 * two baselines measured in the same run on the same data: an exact vector scan and a
 * keyword-only full-text query. Budget: hybrid p95 <= 25 ms at 10k chunks for a typical
 * (non-dominant) clinic; the large clinic's numbers are printed beside it.
 */
import { randomUUID } from 'node:crypto';
import { toSql } from 'pgvector';
import type { Db } from '../src/platform/db';
import { createLocalEmbedder } from '../src/modules/knowledge/embedders/local-embedder';
import { expandQueryTerms } from '../src/modules/knowledge/search-vocabulary';
import { runWithEphemeralDatabase } from '../src/cli/run-with-ephemeral-database';
import { createRandom, percentile } from './bench-support';

// BENCH_SIZES=1000,10000 runs a subset (quick checks while tuning).
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const CLINICS = 20;
const LARGE_CLINIC_SHARE = 0.4;
const QUERIES = 150;
const BUDGET_P95_MS_AT_10K = 25;
const INSERT_BATCH = 250;

// A Zipf-distributed vocabulary like real clinic prose: function words first (dropped by the
// full-text parser but present for the embedder), then clinic vocabulary, then a long tail of
// rarer words, so a query word matches a realistic share of chunks rather than half of them.
const FUNCTION_WORDS = 'the and to of a in for is you your with on at we our be can are this it or if as by from'.split(' ');
const CLINIC_WORDS = (
  'lip filler cheek jaw botox anti wrinkle forehead crow feet peel microneedling hydrafacial laser hair removal ' +
  'consultation deposit cancellation refund parking station tram bus address opening hours saturday sunday ' +
  'price cost pound session course review top up aftercare swelling bruising exercise sauna alcohol makeup ' +
  'pregnancy breastfeeding allergy patch test skin booster profhilo vitamin facial whitening hygienist check ' +
  'crown filling root canal invisalign membership plan finance klarna card cash voucher gift emergency nurse doctor'
).split(' ');
const SYLLABLES = 'ka lo mi ne ru sa te vo pi da ge ho ju ri ba ze'.split(' ');
const TAIL_WORDS = Array.from({ length: 4_000 }, (_, index) => {
  let word = '';
  for (let value = index + 300; value > 0; value = Math.floor(value / SYLLABLES.length)) word += SYLLABLES[value % SYLLABLES.length];
  return word;
});
const VOCABULARY = [...FUNCTION_WORDS, ...CLINIC_WORDS, ...TAIL_WORDS];
const ZIPF_CUMULATIVE = (() => {
  const weights = VOCABULARY.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let running = 0;
  return weights.map((weight) => (running += weight / total));
})();

function pickWord(random: () => number): string {
  const target = random();
  let low = 0;
  let high = ZIPF_CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ZIPF_CUMULATIVE[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => pickWord(random)).join(' ');
}

/** A patient-like question: two clinic words and one rarer word. */
function question(random: () => number): string {
  const clinicWord = () => CLINIC_WORDS[Math.floor(random() * CLINIC_WORDS.length)]!;
  return `${clinicWord()} ${clinicWord()} ${TAIL_WORDS[Math.floor(random() * 400)]}`;
}



async function time(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

type Stats = { p50: number; p95: number };

async function measure(queries: string[], run: (query: string) => Promise<unknown>): Promise<Stats> {
  for (const query of queries.slice(0, 10)) await run(query); // warm caches and plans
  const samples: number[] = [];
  for (const query of queries) samples.push(await time(() => run(query)));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function loadChunks(db: Db, total: number, random: () => number): Promise<string[]> {
  const embedder = createLocalEmbedder();
  await db.query('TRUNCATE clinics CASCADE');
  const clinicIds: string[] = [];
  for (let index = 0; index < CLINICS; index += 1) {
    const id = randomUUID();
    clinicIds.push(id);
    await db.query('INSERT INTO clinics (id, slug, name) VALUES ($1, $2, $3)', [id, `bench-${index}`, `Bench clinic ${index}`]);
    // One document per clinic, sharing the clinic's id for brevity.
    await db.query(
      `INSERT INTO kb_documents (id, clinic_id, title, content, content_sha256, status)
       VALUES ($1, $2, 'Bench document', '', '', 'ready')`,
      [id, id],
    );
  }
  // Bulk load without the HNSW index, then build it once: much faster than per-row inserts.
  await db.query('DROP INDEX IF EXISTS kb_chunks_embedding_idx');
  const largeCount = Math.round(total * LARGE_CLINIC_SHARE);
  const perSmallClinic = Math.floor((total - largeCount) / (CLINICS - 1));
  let loaded = 0;
  for (let clinic = 0; clinic < CLINICS; clinic += 1) {
    const count = clinic === 0 ? largeCount : perSmallClinic;
    for (let start = 0; start < count; start += INSERT_BATCH) {
      const size = Math.min(INSERT_BATCH, count - start);
      const texts = Array.from({ length: size }, () => `${sentence(random, 6)}. ${sentence(random, 40)}.`);
      const vectors = await embedder.embed(texts);
      await db.query(
        `INSERT INTO kb_chunks (clinic_id, document_id, ordinal, content, content_sha256, embedding, embedding_model)
         SELECT $1, $1, ordinal, content, md5(content), embedding::vector, $5
           FROM unnest($2::int[], $3::text[], $4::text[]) AS t(ordinal, content, embedding)`,
        [clinicIds[clinic], texts.map((_, index) => start + index), texts, vectors.map((vector) => toSql(vector)), embedder.model],
      );
      loaded += size;
    }
  }
  await db.query('CREATE INDEX kb_chunks_embedding_idx ON kb_chunks USING hnsw (embedding vector_cosine_ops)');
  await db.query('ANALYZE kb_chunks');
  process.stdout.write(`  loaded ${loaded} chunks (${largeCount} in the large clinic, ${perSmallClinic} in each other)\n`);
  return clinicIds;
}

runWithEphemeralDatabase('bench', async ({ db }) => {
  const embedder = createLocalEmbedder();
  let isWithinBudget = true;
  process.stdout.write('\nKnowledge search latency (ms), embedded Postgres, 20 clinics\n');
  for (const size of SIZES) {
    const random = createRandom(size);
    process.stdout.write(`\n${size.toLocaleString('en-GB')} chunks\n`);
    const loadStarted = Date.now();
    const clinicIds = await loadChunks(db, size, random);
    process.stdout.write(`  load + index: ${((Date.now() - loadStarted) / 1000).toFixed(1)} s\n`);
    const queries = Array.from({ length: QUERIES }, () => question(random));
    const vectors = new Map<string, string>();
    for (const query of queries) vectors.set(query, toSql((await embedder.embed([query]))[0]!)!);

    for (const [label, clinicId] of [['small clinic', clinicIds[1]!], ['large clinic', clinicIds[0]!]] as const) {
      const hybrid = await measure(queries, async (query) => {
        const [vector] = await embedder.embed([query]);
        await db.query('SELECT * FROM match_knowledge_chunks($1, $2::vector, $3, 5, p_expansion => $4)', [
          clinicId,
          toSql(vector!),
          query,
          expandQueryTerms(query).join(' '),
        ]);
      });
      const vectorOnly = await measure(queries, (query) =>
        db.query('SELECT * FROM match_knowledge_chunks($1, $2::vector, NULL, 5)', [clinicId, vectors.get(query)]),
      );
      const keywordOnly = await measure(queries, (query) =>
        db.query('SELECT * FROM match_knowledge_chunks($1, NULL, $2, 5, p_expansion => $3)', [
          clinicId,
          query,
          expandQueryTerms(query).join(' '),
        ]),
      );
      process.stdout.write(`  ${label}: function vector part p50 ${vectorOnly.p50.toFixed(2)} p95 ${vectorOnly.p95.toFixed(2)}; keyword part p50 ${keywordOnly.p50.toFixed(2)} p95 ${keywordOnly.p95.toFixed(2)}\n`);
      const exact = await measure(queries, (query) =>
        db.query(
          `SELECT id FROM kb_chunks WHERE clinic_id = $1 AND embedding IS NOT NULL
            ORDER BY (embedding <=> $2::vector) + 0 LIMIT 5`,
          [clinicId, vectors.get(query)],
        ),
      );
      const keyword = await measure(queries, (query) =>
        db.query(
          `SELECT id FROM kb_chunks WHERE clinic_id = $1 AND tsv @@ plainto_tsquery('english', $2)
            ORDER BY ts_rank_cd(tsv, plainto_tsquery('english', $2)) DESC LIMIT 5`,
          [clinicId, query.split(' ')[0]],
        ),
      );
      process.stdout.write(
        `  ${label.padEnd(13)} hybrid p50 ${hybrid.p50.toFixed(2).padStart(6)} p95 ${hybrid.p95.toFixed(2).padStart(6)} | ` +
          `exact-scan p50 ${exact.p50.toFixed(2).padStart(6)} p95 ${exact.p95.toFixed(2).padStart(6)} | ` +
          `keyword p50 ${keyword.p50.toFixed(2).padStart(6)} p95 ${keyword.p95.toFixed(2).padStart(6)} | ` +
          `hybrid/exact p95 ${(hybrid.p95 / exact.p95).toFixed(2)}x, hybrid/keyword p95 ${(hybrid.p95 / keyword.p95).toFixed(2)}x\n`,
      );
      // The budget is for the spread-out case (a typical clinic); the large clinic is reported
      // as a stress line (40% of all chunks, HNSW path) and tracked in docs/PERFORMANCE.md.
      if (size === 10_000 && label === 'small clinic' && hybrid.p95 > BUDGET_P95_MS_AT_10K) {
        isWithinBudget = false;
        process.stdout.write(`  BUDGET MISSED: hybrid p95 ${hybrid.p95.toFixed(2)} ms > ${BUDGET_P95_MS_AT_10K} ms at 10k chunks\n`);
      }
    }
  }
  process.stdout.write(`\nBudget (typical clinic, hybrid p95 <= ${BUDGET_P95_MS_AT_10K} ms at 10k chunks): ${isWithinBudget ? 'met' : 'MISSED'}\n`);
  return isWithinBudget ? 0 : 1;
}, { maxConnections: 4 });
