import { migrate } from '../platform/migrate';
import { seedDemoData } from '../seed/seed';
import { runWithDatabase } from './run-with-database';

runWithDatabase(async ({ db, config, logger }) => {
  await migrate(db, logger);
  await seedDemoData(db, logger, { isProduction: config.isProduction });
});
