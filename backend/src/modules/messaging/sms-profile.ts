import type { Queryable } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { agentSettingsFromStored, createAgentRepo } from '../agent/agent.repo';
import type { AgentSettings, OpeningHoursEntry } from '../agent/agent.schemas';
import type { ClinicConfigCache } from '../clinics/clinic-config-cache';

/** What texting for a clinic needs: who it is, where, its number, its hours and its owner's choices. */
export type SmsProfile = {
  id: string;
  name: string;
  timezone: string;
  countryCode: string;
  /** The clinic's own number: texts go out from it and HELP gives it. */
  phoneNumber: string | undefined;
  hoursText: string;
  settings: AgentSettings;
};

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon-Fri 09:00-18:00, Sat 10:00-14:00": consecutive days with the same hours as one range. */
export function describeOpeningHours(entries: readonly OpeningHoursEntry[]): string {
  const byDay = new Map<number, string>();
  for (const entry of [...entries].sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt))) {
    const period = `${entry.opensAt}-${entry.closesAt}`;
    byDay.set(entry.weekday, byDay.has(entry.weekday) ? `${byDay.get(entry.weekday)!} & ${period}` : period);
  }
  const groups: { first: number; last: number; hours: string }[] = [];
  for (const [weekday, hours] of byDay) {
    const previous = groups[groups.length - 1];
    if (previous && previous.last === weekday - 1 && previous.hours === hours) previous.last = weekday;
    else groups.push({ first: weekday, last: weekday, hours });
  }
  if (groups.length === 0) return 'see our website for opening hours';
  return groups
    .map(({ first, last, hours }) => `${WEEKDAY_NAMES[first - 1]!}${last > first ? `-${WEEKDAY_NAMES[last - 1]!}` : ''} ${hours}`)
    .join(', ');
}

async function loadSmsProfile(db: Queryable, clinicId: string): Promise<SmsProfile> {
  const repo = createAgentRepo(db);
  const clinic = await repo.findClinic(clinicId);
  if (!clinic) throw notFound('Clinic');
  const [hours, numbers] = await Promise.all([
    repo.listOpeningHours(clinicId),
    db.query<{ e164: string }>('SELECT e164 FROM clinic_phone_numbers WHERE clinic_id = $1 ORDER BY created_at LIMIT 1', [clinicId]),
  ]);
  return {
    id: clinic.id,
    name: clinic.name,
    timezone: clinic.timezone,
    countryCode: clinic.countryCode,
    phoneNumber: numbers.rows[0]?.e164,
    hoursText: describeOpeningHours(hours),
    settings: agentSettingsFromStored(clinic.settings),
  };
}

/** The clinic's SMS profile from the configuration cache (cleared on every save, on every instance). */
export function smsProfileReader(db: Queryable, clinicConfig: ClinicConfigCache): (clinicId: string) => Promise<SmsProfile> {
  return (clinicId) => clinicConfig.read(clinicId, 'sms', () => loadSmsProfile(db, clinicId));
}
