import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_OWNER, findUnusedUrl, startFakeBackend, type FakeBackend } from '@/test/fake-backend';
import { loadCurrentSession } from './current-session';

let backend: FakeBackend;

beforeAll(async () => {
  backend = await startFakeBackend();
});

afterAll(() => backend.close());

describe('loadCurrentSession', () => {
  it('is signed out without a token, without asking the backend', async () => {
    expect(await loadCurrentSession(backend.url, undefined)).toEqual({ kind: 'signed-out' });
    expect(backend.requests).toHaveLength(0);
  });

  it('loads the profile with the token as a Bearer credential', async () => {
    const session = await loadCurrentSession(backend.url, DEMO_OWNER.token);

    expect(session).toEqual({ kind: 'signed-in', profile: DEMO_OWNER.profile });
    expect(backend.requests.at(-1)).toMatchObject({ path: '/api/v1/me', authorization: `Bearer ${DEMO_OWNER.token}` });
  });

  it('reports a token the backend answers 401 to as rejected', async () => {
    expect(await loadCurrentSession(backend.url, 'expired-token')).toEqual({ kind: 'token-rejected' });
  });

  it('keeps the session unverified, not rejected, when the backend is down', async () => {
    const session = await loadCurrentSession(await findUnusedUrl(), DEMO_OWNER.token);

    expect(session).toMatchObject({ kind: 'unverifiable', error: { code: 'UPSTREAM_FAILED' } });
  });
});
