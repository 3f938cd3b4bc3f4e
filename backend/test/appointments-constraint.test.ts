import { PG_EXCLUSION_VIOLATION, pgErrorCode } from '../src/platform/db';
import { makeClinic } from './support/factories';
import { createTestDb, resetDatabase } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

async function makeBookableClinic() {
  const clinic = await makeClinic(db);
  const insert = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
  const practitionerId = await insert('INSERT INTO practitioners (clinic_id, name) VALUES ($1, $2) RETURNING id', [clinic.id, 'Dr Test']);
  const otherPractitionerId = await insert('INSERT INTO practitioners (clinic_id, name) VALUES ($1, $2) RETURNING id', [clinic.id, 'Dr Other']);
  const serviceId = await insert(
    'INSERT INTO services (clinic_id, name, duration_minutes) VALUES ($1, $2, 30) RETURNING id',
    [clinic.id, 'Consultation'],
  );
  const patientId = await insert('INSERT INTO patients (clinic_id, phone_e164) VALUES ($1, $2) RETURNING id', [clinic.id, '+447700900001']);
  return { clinicId: clinic.id, practitionerId, otherPractitionerId, serviceId, patientId };
}

type Setup = Awaited<ReturnType<typeof makeBookableClinic>>;

function book(setup: Setup, startsAt: string, endsAt: string, practitionerId = setup.practitionerId) {
  return db.query(
    `INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [setup.clinicId, setup.patientId, setup.serviceId, practitionerId, startsAt, endsAt],
  );
}

describe('appointments: no double booking, enforced by the database', () => {
  let setup: Setup;
  beforeEach(async () => {
    await resetDatabase(db);
    setup = await makeBookableClinic();
  });

  it('lets exactly one of 20 concurrent overlapping inserts win', async () => {
    // Each attempt overlaps the others by at least 5 minutes.
    const attempts = Array.from({ length: 20 }, (_, index) => {
      const start = new Date(Date.UTC(2030, 0, 7, 10, index % 5));
      const end = new Date(start.getTime() + 30 * 60_000);
      return book(setup, start.toISOString(), end.toISOString());
    });
    const results = await Promise.allSettled(attempts);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const failure of lost) expect(pgErrorCode(failure.reason)).toBe(PG_EXCLUSION_VIOLATION);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM appointments');
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('allows back-to-back slots, other practitioners, and rebooking a cancelled slot', async () => {
    await book(setup, '2030-01-07T10:00:00Z', '2030-01-07T10:30:00Z');
    await expect(book(setup, '2030-01-07T10:30:00Z', '2030-01-07T11:00:00Z')).resolves.toBeDefined();
    await expect(
      book(setup, '2030-01-07T10:00:00Z', '2030-01-07T10:30:00Z', setup.otherPractitionerId),
    ).resolves.toBeDefined();
    await expect(book(setup, '2030-01-07T10:15:00Z', '2030-01-07T10:45:00Z')).rejects.toMatchObject({
      code: PG_EXCLUSION_VIOLATION,
    });
    await db.query(`UPDATE appointments SET status = 'cancelled' WHERE starts_at = '2030-01-07T10:00:00Z' AND practitioner_id = $1`, [
      setup.practitionerId,
    ]);
    await expect(book(setup, '2030-01-07T10:00:00Z', '2030-01-07T10:30:00Z')).resolves.toBeDefined();
  });

  it("refuses an appointment that points at another clinic's patient", async () => {
    const other = await makeBookableClinic();
    await expect(
      db.query(
        `INSERT INTO appointments (clinic_id, patient_id, service_id, practitioner_id, starts_at, ends_at)
         VALUES ($1, $2, $3, $4, '2030-01-07T12:00:00Z', '2030-01-07T12:30:00Z')`,
        [setup.clinicId, other.patientId, setup.serviceId, setup.practitionerId],
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
