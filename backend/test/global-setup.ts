import { startEmbeddedDb } from '../src/platform/embedded-db';
import { createDb } from '../src/platform/db';
import { migrate } from '../src/platform/migrate';
import { createLogger } from '../src/platform/logger';
import { TEST_DATABASE_URL_VAR } from './support/test-db';

export default async function globalSetup(): Promise<void> {
  const embedded = await startEmbeddedDb({ mode: 'memory' });
  const db = createDb({ url: embedded.url, logger: createLogger({ level: 'error', silent: true }) });
  await migrate(db, createLogger({ level: 'error', silent: true }));
  await db.close();
  process.env[TEST_DATABASE_URL_VAR] = embedded.url;
  (globalThis as { __embeddedDb?: typeof embedded }).__embeddedDb = embedded;
}
