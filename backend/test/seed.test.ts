import { readSampleKb, seedDemoData } from '../src/seed/seed';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

async function counts() {
  const { rows } = await db.query<Record<string, number>>(`
    SELECT (SELECT count(*)::int FROM clinics) AS clinics,
           (SELECT count(*)::int FROM users) AS users,
           (SELECT count(*)::int FROM memberships) AS memberships,
           (SELECT count(*)::int FROM clinic_phone_numbers) AS phone_numbers,
           (SELECT count(*)::int FROM services) AS services,
           (SELECT count(*)::int FROM practitioners) AS practitioners,
           (SELECT count(*)::int FROM practitioner_services) AS practitioner_services,
           (SELECT count(*)::int FROM opening_hours) AS opening_hours,
           (SELECT count(*)::int FROM kb_documents) AS kb_documents`);
  return rows[0]!;
}

describe('demo seed', () => {
  beforeAll(() => resetDatabase(db));

  it('creates both demo clinics of the contract, and a second run changes nothing', async () => {
    await seedDemoData(db, silentLogger(), { isProduction: false });
    const first = await counts();
    await seedDemoData(db, silentLogger(), { isProduction: false });
    expect(await counts()).toEqual(first);
    expect(first).toMatchObject({ clinics: 2, users: 3, memberships: 3, phone_numbers: 2, opening_hours: 12 });
    expect(first.kb_documents).toBe(readSampleKb('demo').length + readSampleKb('northside').length);

    const { rows } = await db.query(
      `SELECT c.slug, c.timezone, p.e164, p.vapi_phone_number_id FROM clinics c
         JOIN clinic_phone_numbers p ON p.clinic_id = c.id ORDER BY c.slug`,
    );
    expect(rows).toEqual([
      { slug: 'demo', timezone: 'Europe/London', e164: '+442079460000', vapi_phone_number_id: 'pn_demo' },
      { slug: 'northside', timezone: 'Europe/London', e164: '+441614960000', vapi_phone_number_id: 'pn_northside' },
    ]);
  });

  it('gives the demo clinic its hours, on-call number and pending knowledge base', async () => {
    const { rows: hours } = await db.query<{ weekday: number; opens_at: string; closes_at: string }>(
      `SELECT weekday, opens_at::text, closes_at::text FROM opening_hours h JOIN clinics c ON c.id = h.clinic_id
        WHERE c.slug = 'demo' ORDER BY weekday`,
    );
    expect(hours.map((row) => `${row.weekday} ${row.opens_at}-${row.closes_at}`)).toEqual([
      '1 09:00:00-18:00:00', '2 09:00:00-18:00:00', '3 09:00:00-18:00:00',
      '4 09:00:00-18:00:00', '5 09:00:00-18:00:00', '6 10:00:00-14:00:00',
    ]);
    const { rows: settings } = await db.query<{ on_call: string }>(
      `SELECT settings->>'onCallNumber' AS on_call FROM clinics WHERE slug = 'demo'`,
    );
    expect(settings[0]!.on_call).toBe('+447700900123');
    const { rows: documents } = await db.query<{ title: string; status: string }>(
      `SELECT d.title, d.status FROM kb_documents d JOIN clinics c ON c.id = d.clinic_id WHERE c.slug = 'demo'`,
    );
    expect(documents.length).toBeGreaterThanOrEqual(5);
    expect(documents.every((document) => document.status === 'pending' && document.title.length > 0)).toBe(true);
  });

  it('refuses to run in production', async () => {
    await expect(seedDemoData(db, silentLogger(), { isProduction: true })).rejects.toThrow(/production/);
  });
});
