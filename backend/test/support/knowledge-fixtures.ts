import type { Db } from '../../src/platform/db';
import { drainJobs } from '../../src/platform/jobs/job-drain';
import type { Services } from '../../src/services';
import { silentLogger } from './test-db';

/** Runs queued jobs (ingestion, …) until none is due. */
export function runQueuedJobs(services: Services): Promise<number> {
  return drainJobs({ queue: services.jobQueue, handlers: services.jobHandlers, logger: silentLogger() });
}

export async function clinicIdBySlug(db: Db, slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM clinics WHERE slug = $1', [slug]);
  const id = rows[0]?.id;
  if (!id) throw new Error(`no clinic with slug ${slug}`);
  return id;
}
