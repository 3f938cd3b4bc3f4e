import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createRedisRateLimitStores } from '../src/platform/http/redis-rate-limit-store';
import type { RateLimitStoreFactory } from '../src/platform/http/rate-limit';
import { makeUser } from './support/factories';
import { createTestApp } from './support/test-app';
import { createTestDb, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

function attempt(app: Parameters<typeof request>[0], email: string) {
  return request(app).post('/api/v1/auth/login').send({ email, password: 'wrong-password' });
}

describe('login rate limiting (in-process store)', () => {
  it('answers 429 RATE_LIMITED once an account has used its attempts, without touching other accounts', async () => {
    const { app } = createTestApp(db);
    const email = `victim-${randomUUID()}@example.test`;
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1) statuses.push((await attempt(app, email)).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const limited = await attempt(app, email);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many attempts; try again later' } });
    expect(limited.headers.ratelimit).toBeDefined();
    expect((await attempt(app, `other-${randomUUID()}@example.test`)).status).toBe(401);
  });
});

describe('login rate limiting counts failures only', () => {
  it('never locks out a user who signs in correctly, however often', async () => {
    const { app } = createTestApp(db);
    const user = await makeUser(db);
    for (let index = 0; index < 25; index += 1) {
      const response = await request(app).post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      expect(response.status).toBe(200);
    }
  });
});

const redisUrl = process.env.REDIS_URL;
(redisUrl ? describe : describe.skip)('login rate limiting shared through Redis (REDIS_URL set)', () => {
  let stores: Awaited<ReturnType<typeof createRedisRateLimitStores>>;
  beforeAll(async () => {
    stores = await createRedisRateLimitStores({ url: redisUrl!, logger: silentLogger() });
  });
  afterAll(() => stores.close());

  it('counts attempts across two backend instances', async () => {
    // A run-unique prefix so parallel runs against one Redis never share counters.
    const runPrefix = randomUUID();
    const createStore: RateLimitStoreFactory = (prefix) => stores.createStore(`${runPrefix}:${prefix}`);
    const first = createTestApp(db, { createRateLimitStore: createStore }).app;
    const second = createTestApp(db, { createRateLimitStore: createStore }).app;
    const email = `shared-${randomUUID()}@example.test`;
    for (let index = 0; index < 5; index += 1) expect((await attempt(first, email)).status).toBe(401);
    for (let index = 0; index < 5; index += 1) expect((await attempt(second, email)).status).toBe(401);
    expect((await attempt(first, email)).status).toBe(429);
    expect((await attempt(second, email)).status).toBe(429);
  });
});
