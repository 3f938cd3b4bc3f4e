import { migrate, readMigrations } from './migrate';
import { createTestDb, silentLogger } from '../../test/support/test-db';

describe('migrate', () => {
  const db = createTestDb();
  afterAll(() => db.close());

  it('has applied every migration once, in order, and a second run applies nothing', async () => {
    const files = readMigrations().map((migration) => migration.name);
    expect(files.length).toBeGreaterThanOrEqual(8);

    const applied = await migrate(db, silentLogger());
    expect(applied).toEqual([]);
    const again = await migrate(db, silentLogger());
    expect(again).toEqual([]);

    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.name)).toEqual(files);
  });

  it('creates the schema of the architecture, with pgvector and the HNSW/GIN indexes', async () => {
    const { rows: tables } = await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const names = tables.map((row) => row.tablename);
    for (const table of [
      'clinics', 'clinic_phone_numbers', 'users', 'memberships', 'patients', 'calls',
      'transcript_segments', 'webhook_events', 'kb_documents', 'kb_chunks', 'services',
      'practitioners', 'opening_hours', 'appointments', 'messages', 'message_status_events',
      'jobs', 'escalations', 'audit_log',
    ]) {
      expect(names).toContain(table);
    }
    const { rows: indexes } = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'kb_chunks'`,
    );
    const definitions = indexes.map((row) => row.indexdef).join('\n');
    expect(definitions).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    expect(definitions).toMatch(/USING gin \(tsv\)/);
  });

  it('refuses an applied migration whose file was edited', async () => {
    await db.query(`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = '0001'`);
    try {
      await expect(migrate(db, silentLogger())).rejects.toThrow(/was edited after it was applied/);
    } finally {
      const original = readMigrations().find((migration) => migration.version === '0001');
      await db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
        original?.checksum,
        '0001',
      ]);
    }
  });
});

describe('row-level security', () => {
  const db = createTestDb();
  afterAll(() => db.close());

  it('is enabled on every application table, so Supabase PostgREST roles see nothing', async () => {
    const { rows } = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(19);
    expect(rows.filter((row) => !row.relrowsecurity).map((row) => row.relname)).toEqual([]);
  });
});
