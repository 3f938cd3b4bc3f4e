import type { Queryable } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { ClinicProfile } from './conversation.ports';

/** The clinic facts every turn needs: name, time zone, country, emergency line, Safe Mode. */
export async function loadClinicProfile(db: Queryable, clinicId: string): Promise<ClinicProfile> {
  const { rows } = await db.query<{ id: string; name: string; timezone: string; country_code: string; settings: Record<string, unknown> }>(
    'SELECT id, name, timezone, country_code, settings FROM clinics WHERE id = $1',
    [clinicId],
  );
  const row = rows[0];
  if (!row) throw notFound('Clinic');
  const emergencyLine = row.settings.emergencyLine ?? row.settings.onCallNumber;
  const onCallNumber = row.settings.onCallNumber ?? row.settings.emergencyLine;
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    countryCode: row.country_code.trim(),
    emergencyLine: typeof emergencyLine === 'string' ? emergencyLine : undefined,
    onCallNumber: typeof onCallNumber === 'string' ? onCallNumber : undefined,
    // Safe Mode is on unless an owner switched it off explicitly.
    safeMode: row.settings.safeMode !== false,
  };
}
