import type { Express } from 'express';
import request from 'supertest';
import { seedDemoData } from '../../src/seed/seed';
import type { Db } from '../../src/platform/db';
import type { Services } from '../../src/services';
import { clinicIdBySlug, runQueuedJobs } from './knowledge-fixtures';
import { resetDatabase, silentLogger } from './test-db';

/** A dashboard token for a seeded demo login (`demo-owner-pass` unless told). */
export async function loginAs(app: Express, email: string, password = 'demo-owner-pass'): Promise<string> {
  return (await request(app).post('/api/v1/auth/login').send({ email, password })).body.token as string;
}

/**
 * An empty database with the demo clinics seeded, optionally their knowledge bases ingested,
 * and the demo owner logged in.
 */
export async function setUpDemo(
  db: Db,
  app: Express,
  services: Services,
  options: { ingestKnowledge: boolean },
): Promise<{ demoId: string; ownerToken: string }> {
  await resetDatabase(db);
  await seedDemoData(db, silentLogger(), { isProduction: false });
  const demoId = await clinicIdBySlug(db, 'demo');
  if (options.ingestKnowledge) {
    await services.knowledge.enqueuePendingIngestion();
    await runQueuedJobs(services);
  }
  return { demoId, ownerToken: await loginAs(app, 'owner@demo.clinic') };
}
