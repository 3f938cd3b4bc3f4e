import { migrate } from '../platform/migrate';
import { runWithDatabase } from './run-with-database';

runWithDatabase(async ({ db, logger }) => {
  const applied = await migrate(db, logger);
  logger.info(applied.length > 0 ? 'migrations applied' : 'database already up to date', { applied });
});
