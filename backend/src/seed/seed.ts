import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from '../platform/db';
import { hashPassword } from '../platform/auth/passwords';
import type { Logger } from '../platform/logger';
import { REPO_ROOT } from '../platform/paths';
import { DEMO_CLINICS, type DemoClinic } from './demo-clinics';

export const SAMPLE_KB_DIR = path.join(REPO_ROOT, 'sample-kb');

export type KbSeedDocument = { sourceName: string; title: string; content: string };

/** Every `.md` file of `sample-kb/<slug>/`, titled by its first `# ` heading. */
export function readSampleKb(slug: string, dir = SAMPLE_KB_DIR): KbSeedDocument[] {
  const folder = path.join(dir, slug);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const content = fs.readFileSync(path.join(folder, file), 'utf8');
      const heading = /^#\s+(.+)$/m.exec(content)?.[1]?.trim();
      return { sourceName: `sample-kb/${slug}/${file}`, title: heading ?? file.replace(/\.md$/, ''), content };
    });
}

/**
 * Inserts the demo clinics, their users, scheduling data and knowledge-base documents.
 * Idempotent and non-destructive: rows that exist (by their natural keys) are left as they are,
 * so re-seeding never overwrites what an owner has edited.
 */
export async function seedDemoData(db: Db, logger: Logger, options: { isProduction: boolean }): Promise<void> {
  if (options.isProduction) {
    throw new Error('refusing to seed demo clinics and their well-known passwords in production');
  }
  for (const clinic of DEMO_CLINICS) {
    const passwordHashes = new Map<string, string>();
    for (const user of clinic.users) passwordHashes.set(user.email, await hashPassword(user.password));
    const documents = readSampleKb(clinic.slug);
    await db.transaction((tx) => seedClinic(tx, clinic, passwordHashes, documents));
    logger.info('demo clinic seeded', { clinic: clinic.slug, documents: documents.length });
  }
}

export async function isDatabaseEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM clinics) AS present');
  return !rows[0]?.present;
}

async function seedClinic(
  tx: Queryable,
  clinic: DemoClinic,
  passwordHashes: Map<string, string>,
  documents: KbSeedDocument[],
): Promise<void> {
  await tx.query(
    `INSERT INTO clinics (slug, name, timezone, country_code, settings)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING`,
    [clinic.slug, clinic.name, clinic.timezone, clinic.countryCode, JSON.stringify(clinic.settings)],
  );
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM clinics WHERE slug = $1', [clinic.slug]);
  const clinicId = rows[0]?.id;
  if (!clinicId) throw new Error(`clinic ${clinic.slug} missing after insert`);

  await tx.query(
    `INSERT INTO clinic_phone_numbers (clinic_id, e164, vapi_phone_number_id, label)
     VALUES ($1, $2, $3, 'Main line') ON CONFLICT DO NOTHING`,
    [clinicId, clinic.phone.e164, clinic.phone.vapiPhoneNumberId],
  );

  for (const user of clinic.users) {
    await tx.query(
      `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT ((lower(email))) DO NOTHING`,
      [user.email, user.name, passwordHashes.get(user.email)],
    );
    await tx.query(
      `INSERT INTO memberships (user_id, clinic_id, role)
       SELECT id, $2, $3 FROM users WHERE lower(email) = lower($1)
       ON CONFLICT (user_id, clinic_id) DO NOTHING`,
      [user.email, clinicId, user.role],
    );
  }

  for (const practitioner of clinic.practitioners) {
    await tx.query(
      `INSERT INTO practitioners (clinic_id, name, title) VALUES ($1, $2, $3)
       ON CONFLICT (clinic_id, name) DO NOTHING`,
      [clinicId, practitioner.name, practitioner.title],
    );
  }

  for (const service of clinic.services) {
    await tx.query(
      `INSERT INTO services (clinic_id, name, description, duration_minutes, price_minor, deposit_minor)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (clinic_id, name) DO NOTHING`,
      [clinicId, service.name, service.description ?? null, service.durationMinutes, service.priceMinor, service.depositMinor ?? 0],
    );
    await tx.query(
      `INSERT INTO practitioner_services (clinic_id, practitioner_id, service_id)
       SELECT $1, p.id, s.id FROM practitioners p JOIN services s ON s.clinic_id = p.clinic_id
        WHERE p.clinic_id = $1 AND s.name = $2 AND p.name = ANY($3::text[])
       ON CONFLICT DO NOTHING`,
      [clinicId, service.name, service.practitioners],
    );
  }

  for (const [weekday, opensAt, closesAt] of clinic.openingHours) {
    await tx.query(
      `INSERT INTO opening_hours (clinic_id, weekday, opens_at, closes_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (clinic_id, weekday, opens_at) DO NOTHING`,
      [clinicId, weekday, opensAt, closesAt],
    );
  }

  // Stored as pending: the knowledge-base ingestion chunks and embeds pending documents.
  for (const document of documents) {
    await tx.query(
      `INSERT INTO kb_documents (clinic_id, title, content, source_type, source_name, content_sha256, status)
       SELECT $1, $2, $3, 'markdown', $4, $5, 'pending'
        WHERE NOT EXISTS (SELECT 1 FROM kb_documents WHERE clinic_id = $1 AND source_name = $4)`,
      [clinicId, document.title, document.content, document.sourceName, createHash('sha256').update(document.content).digest('hex')],
    );
  }
}
