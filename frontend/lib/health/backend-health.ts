import { requestBackend } from '@/lib/backend/backend-client';
import { isDatabaseCheck, readReadinessChecks, type CheckState, type ReadinessCheck } from './readiness-checks';

const HEALTH_TIMEOUT_MS = 2500;

export type BackendHealth = {
  checkedAt: string;
  isBackendUp: boolean;
  backendDetail: string;
  database: { state: CheckState | 'unknown'; detail: string | null };
  otherChecks: ReadinessCheck[];
  isReady: boolean;
};

export async function checkBackendHealth(backendUrl: string, now: () => Date = () => new Date()): Promise<BackendHealth> {
  const [liveness, readiness] = await Promise.all([
    requestBackend(backendUrl, '/health', { timeoutMs: HEALTH_TIMEOUT_MS }),
    requestBackend(backendUrl, '/ready', { timeoutMs: HEALTH_TIMEOUT_MS }),
  ]);
  const checkedAt = now().toISOString();

  const isBackendUp = liveness.kind === 'answered' && liveness.status >= 200 && liveness.status < 300;
  const backendDetail =
    liveness.kind === 'unreachable' ? 'No response' : isBackendUp ? 'Responding' : `Unhealthy (HTTP ${liveness.status})`;

  if (readiness.kind === 'unreachable' || (readiness.status !== 200 && readiness.status !== 503)) {
    return { checkedAt, isBackendUp, backendDetail, database: { state: 'unknown', detail: null }, otherChecks: [], isReady: false };
  }

  const isReady = readiness.status === 200;
  const checks = readReadinessChecks(readiness.body);
  const databaseCheck = checks.find(isDatabaseCheck);
  const otherChecks = checks.filter((check) => check !== databaseCheck);
  const database = databaseCheck
    ? { state: databaseCheck.state, detail: databaseCheck.detail }
    : { state: inferDatabaseState(isReady, otherChecks), detail: null };
  return { checkedAt, isBackendUp, backendDetail, database, otherChecks, isReady };
}

/** Ready implies the database answered (contract §7); not ready blames it only when nothing else is failing. */
function inferDatabaseState(isReady: boolean, otherChecks: ReadinessCheck[]): CheckState | 'unknown' {
  if (isReady) return 'ok';
  return otherChecks.some((check) => check.state === 'failing') ? 'unknown' : 'failing';
}
