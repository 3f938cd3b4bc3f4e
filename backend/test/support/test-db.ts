import { createDb, type Db } from '../../src/platform/db';
import { createLogger, type Logger } from '../../src/platform/logger';

export const TEST_DATABASE_URL_VAR = 'VOXANNE_TEST_DATABASE_URL';

export function silentLogger(): Logger {
  return createLogger({ level: 'error', silent: true });
}

export function testDatabaseUrl(): string {
  const url = process.env[TEST_DATABASE_URL_VAR];
  if (!url) throw new Error(`${TEST_DATABASE_URL_VAR} is not set: run the tests through jest (global setup)`);
  return url;
}

export function createTestDb(): Db {
  return createDb({ url: testDatabaseUrl(), logger: silentLogger(), maxConnections: 5 });
}

/** Empties every application table (keeps the migration record) so a test starts clean. */
export async function resetDatabase(db: Db): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (rows.length === 0) return;
  const tables = rows.map((row) => `"${row.tablename}"`).join(', ');
  await db.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
}
