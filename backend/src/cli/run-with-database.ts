import { ConfigError, loadConfig, type Config } from '../config';
import type { Db } from '../platform/db';
import { openDatabase } from '../platform/database';
import { createLogger, type Logger } from '../platform/logger';

/**
 * Shared frame of the database CLIs (`npm run migrate`, `npm run seed`): parse the config,
 * open DATABASE_URL or the embedded server of DATA_DIR (joining a running backend's), run the
 * task, close everything, and exit 0 only on success.
 */
export function runWithDatabase(task: (context: { db: Db; config: Config; logger: Logger }) => Promise<void>): void {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  void (async () => {
    const database = await openDatabase(config, logger);
    try {
      await task({ db: database.db, config, logger });
    } finally {
      await database.close();
    }
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('command failed', { error });
      process.exit(1);
    },
  );
}
