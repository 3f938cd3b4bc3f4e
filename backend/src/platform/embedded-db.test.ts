import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDb } from './embedded-db';
import { lockFilePath } from './embedded-db-lock';

async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

describe('embedded database (persistent DATA_DIR)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voxanne-embedded-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across restarts, shares one server per directory, and cleans up its lock', async () => {
    const first = await startEmbeddedDb({ mode: 'persistent', dataDir });
    expect(first.isOwner).toBe(true);
    expect(first.url).not.toContain(':5432/');
    await query(first.url, 'CREATE TABLE notes (body text); INSERT INTO notes VALUES (\'kept\')');

    // A second backend on the same directory joins the running server instead of opening the files.
    const joined = await startEmbeddedDb({ mode: 'persistent', dataDir });
    expect(joined).toMatchObject({ isOwner: false, url: first.url });
    await joined.stop(); // not the owner: the server keeps running
    expect(await query(first.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);

    await first.stop();
    expect(fs.existsSync(lockFilePath(dataDir))).toBe(false);

    const restarted = await startEmbeddedDb({ mode: 'persistent', dataDir });
    try {
      expect(await query(restarted.url, 'SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
      // pgvector and btree_gist are loaded into the engine; CREATE EXTENSION (migrations) enables them.
      await query(restarted.url, 'CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS btree_gist');
      const [row] = await query<{ distance: number }>(restarted.url, "SELECT '[1,0]'::vector <=> '[0,1]'::vector AS distance");
      expect(row?.distance).toBe(1);
    } finally {
      await restarted.stop();
    }
  });

  it('takes over a lock left behind by a crashed process', async () => {
    fs.writeFileSync(lockFilePath(dataDir), JSON.stringify({ pid: 2 ** 22 + 12345, url: 'postgres://127.0.0.1:1/x' }));
    const db = await startEmbeddedDb({ mode: 'persistent', dataDir });
    try {
      expect(db.isOwner).toBe(true);
      expect(await query(db.url, 'SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 1 }]);
    } finally {
      await db.stop();
    }
  });
});

describe('embedded database under concurrent clients', () => {
  it('keeps every client’s statements and transactions apart', async () => {
    const server = await startEmbeddedDb({ mode: 'memory' });
    const { Pool } = await import('pg');
    const pools = [0, 1, 2].map(() => new Pool({ connectionString: server.url, max: 5 }));
    try {
      await pools[0]!.query('CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL); INSERT INTO counter VALUES (1, 0)');
      const pool = (index: number) => pools[index % pools.length]!;
      const increments = Array.from({ length: 60 }, async (_, index) => {
        const client = await pool(index).connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ value: number }>('SELECT value FROM counter WHERE id = $1 FOR UPDATE', [1]);
          await client.query('UPDATE counter SET value = $1 WHERE id = $2', [rows[0]!.value + 1, 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });
      const failures = Array.from({ length: 20 }, async (_, index) => {
        const client = await pool(index + 1).connect();
        try {
          await client.query('BEGIN');
          await expect(client.query('SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
          await client.query('ROLLBACK');
        } finally {
          client.release();
        }
      });
      const reads = Array.from({ length: 300 }, async (_, index) => {
        const { rows } = await pool(index + 2).query<{ doubled: number; label: string }>('SELECT $1::int * 2 AS doubled, $2::text AS label', [index, `n${index}`]);
        expect(rows).toEqual([{ doubled: index * 2, label: `n${index}` }]);
      });
      await Promise.all([...increments, ...failures, ...reads]);
      const { rows } = await pools[0]!.query<{ value: number }>('SELECT value FROM counter WHERE id = 1');
      expect(rows[0]!.value).toBe(60);
    } finally {
      await Promise.all(pools.map((item) => item.end()));
      await server.stop();
    }
  });

  it('rolls back the open transaction of a client that disconnects', async () => {
    const server = await startEmbeddedDb({ mode: 'memory' });
    const { Client } = await import('pg');
    try {
      const setup = new Client({ connectionString: server.url });
      await setup.connect();
      await setup.query('CREATE TABLE notes (body text)');
      const leaving = new Client({ connectionString: server.url });
      await leaving.connect();
      await leaving.query('BEGIN');
      await leaving.query("INSERT INTO notes VALUES ('uncommitted')");
      const waiting = setup.query('SELECT count(*)::int AS n FROM notes');
      await leaving.end(); // gone mid-transaction
      expect((await waiting).rows).toEqual([{ n: 0 }]);
      await setup.end();
    } finally {
      await server.stop();
    }
  });
});
