import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findUnusedUrl, startFakeBackend, type FakeBackend } from '@/test/fake-backend';
import { checkBackendHealth } from './backend-health';

const fixedNow = () => new Date('2030-01-02T03:04:05.000Z');

let backend: FakeBackend;

beforeAll(async () => {
  backend = await startFakeBackend();
});

afterAll(() => backend.close());

describe('checkBackendHealth', () => {
  it('reports an up backend with a ready database', async () => {
    backend.setReadiness({ status: 200, body: { status: 'ok', checks: { db: 'ok', redis: 'ok' } } });

    const health = await checkBackendHealth(backend.url, fixedNow);

    expect(health).toEqual({
      checkedAt: '2030-01-02T03:04:05.000Z',
      isBackendUp: true,
      backendDetail: 'Responding',
      database: { state: 'ok', detail: null },
      otherChecks: [{ name: 'redis', label: 'Redis', state: 'ok', detail: null }],
      isReady: true,
    });
  });

  it('reports what is down when /ready answers 503', async () => {
    backend.setReadiness({ status: 503, body: { status: 'unavailable', checks: { db: { status: 'down', error: 'timeout' } } } });

    const health = await checkBackendHealth(backend.url, fixedNow);

    expect(health).toMatchObject({ isBackendUp: true, isReady: false, database: { state: 'failing', detail: 'timeout' } });
  });

  it('does not blame the database when something else is what is down', async () => {
    backend.setReadiness({ status: 503, body: { down: ['redis'] } });

    const health = await checkBackendHealth(backend.url, fixedNow);

    expect(health.database.state).toBe('unknown');
    expect(health.otherChecks).toEqual([expect.objectContaining({ name: 'redis', state: 'failing' })]);
  });

  it('reports an unreachable backend as down with an unknown database', async () => {
    const health = await checkBackendHealth(await findUnusedUrl(), fixedNow);

    expect(health).toMatchObject({
      isBackendUp: false,
      backendDetail: 'No response',
      isReady: false,
      database: { state: 'unknown' },
    });
  });
});
