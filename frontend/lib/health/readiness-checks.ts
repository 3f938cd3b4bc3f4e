export type CheckState = 'ok' | 'failing' | 'off';
export type ReadinessCheck = { name: string; label: string; state: CheckState; detail: string | null };

const OK_WORDS = /^(ok|up|ready|healthy|pass|passing|connected|true)$/i;
const OFF_WORDS = /^(skipped|disabled|off|not[ _-]?configured|none|n\/a)$/i;
const DATABASE_NAMES = /^(db|database|postgres|postgresql|pg)$/i;

const KNOWN_LABELS: Record<string, string> = { db: 'Database', pg: 'Database', redis: 'Redis', queue: 'Job queue' };

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isDatabaseCheck(check: ReadinessCheck): boolean {
  return DATABASE_NAMES.test(check.name);
}

function labelFor(name: string): string {
  const known = KNOWN_LABELS[name.toLowerCase()];
  if (known) return known;
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function readState(value: unknown): { state: CheckState; detail: string | null } {
  if (typeof value === 'boolean') return { state: value ? 'ok' : 'failing', detail: null };
  if (typeof value === 'string') {
    if (OK_WORDS.test(value)) return { state: 'ok', detail: null };
    if (OFF_WORDS.test(value)) return { state: 'off', detail: null };
    return { state: 'failing', detail: value };
  }
  if (isRecord(value)) {
    const verdict = value.status ?? value.ok ?? value.healthy ?? value.state;
    const { state } = readState(verdict);
    const detail = [value.message, value.error, value.reason].find((text) => typeof text === 'string');
    return { state, detail: state === 'ok' ? null : ((detail as string | undefined) ?? null) };
  }
  return { state: 'failing', detail: null };
}

/**
 * The readiness body's exact shape belongs to the backend; accept the common forms
 * (`checks: {db: "ok"}`, `checks: {db: {status: "down", error}}`, `down: ["db"]`) rather than break the panel.
 */
export function readReadinessChecks(body: unknown): ReadinessCheck[] {
  if (!isRecord(body)) return [];
  const checks = isRecord(body.checks)
    ? Object.entries(body.checks).map(([name, value]) => ({ name, label: labelFor(name), ...readState(value) }))
    : [];
  const listedAsDown = Array.isArray(body.down) ? body.down.filter((name): name is string => typeof name === 'string') : [];
  for (const name of listedAsDown) {
    if (!checks.some((check) => check.name === name)) {
      checks.push({ name, label: labelFor(name), state: 'failing', detail: null });
    }
  }
  return checks;
}
