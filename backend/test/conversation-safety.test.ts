import fs from 'node:fs';
import path from 'node:path';
import { checkEngineReplies } from '../src/modules/conversation/engine-safety-eval';
import { readSafetyCases } from '../src/modules/safety/safety-eval';
import { REPO_ROOT } from '../src/platform/paths';
import { seedDemoData } from '../src/seed/seed';
import { clinicIdBySlug } from './support/knowledge-fixtures';
import { createTestServices } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('engine replies to emergencies and clinical questions (every labelled case, dry run)', () => {
  it('sends every emergency to 999, deflects every medical question, and never states a dose', async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    const services = createTestServices(db);
    const files = [path.resolve(REPO_ROOT, '../shared/eval/safety.jsonl'), path.join(REPO_ROOT, 'backend/eval/safety.jsonl')];
    const cases = files.filter((file) => fs.existsSync(file)).flatMap((file) => readSafetyCases(file));
    const result = await checkEngineReplies(services.conversation, await clinicIdBySlug(db, 'demo'), cases);
    expect(result.checked).toBeGreaterThanOrEqual(50);
    expect(result.failures).toEqual([]);
  });
});
