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
