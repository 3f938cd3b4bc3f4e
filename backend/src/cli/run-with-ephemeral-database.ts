import { createDb, type Db } from '../platform/db';
import { startEmbeddedDb } from '../platform/embedded-db';
import { createLogger, type Logger } from '../platform/logger';
import { migrate } from '../platform/migrate';

/**
 * Shared frame of the measuring tools (`npm run eval`, `npm run bench`): a fresh, migrated,
 * in-memory embedded database — reproducible, and never the developer's `.data/` — that is torn
 * down afterwards; the process exits with the task's code, or 1 when it throws.
 */
export function runWithEphemeralDatabase(
  toolName: string,
  task: (context: { db: Db; logger: Logger }) => Promise<number>,
  options: { maxConnections?: number } = {},
): void {
  const logger = createLogger({ level: 'warn' });
  void (async () => {
    const embedded = await startEmbeddedDb({ mode: 'memory' });
    const db = createDb({ url: embedded.url, logger, maxConnections: options.maxConnections });
    try {
      await migrate(db, logger);
      return await task({ db, logger });
    } finally {
      await db.close();
      await embedded.stop();
    }
  })().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${toolName} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
