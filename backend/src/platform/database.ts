import type { Config } from '../config';
import { createDb, type Db } from './db';
import { startEmbeddedDb, type EmbeddedDb } from './embedded-db';
import type { Logger } from './logger';

export type OpenDatabase = { db: Db; embedded: EmbeddedDb | undefined; close(): Promise<void> };

// PGlite runs one statement at a time whatever the pool size; a few connections are enough
// to keep it busy while transactions wait their turn.
const EMBEDDED_POOL_SIZE = 8;
const POSTGRES_POOL_SIZE = 10;

/** DATABASE_URL when set; otherwise the embedded server for DATA_DIR (started or joined). */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const embedded = config.database.url
    ? undefined
    : await startEmbeddedDb({ mode: 'persistent', dataDir: config.database.dataDir });
  if (embedded) {
    logger.info('embedded database ready', {
      dataDir: config.database.dataDir,
      shared: !embedded.isOwner,
    });
  }
  const db = createDb({
    url: config.database.url ?? embedded!.url,
    logger,
    maxConnections: embedded ? EMBEDDED_POOL_SIZE : POSTGRES_POOL_SIZE,
  });
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
