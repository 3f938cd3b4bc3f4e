import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import request from 'supertest';
import { createTestApp } from './support/test-app';
import { createTestDb } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

describe('operations endpoints', () => {
  it('answers /health and /ready when the database is up', async () => {
    const { app } = createTestApp(db);
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('answers 503 from /ready naming what is down', async () => {
    const { app } = createTestApp(db, {
      readinessChecks: [
        { name: 'database', check: () => db.ping() },
        { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6390')) },
      ],
    });
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', down: ['redis'], checks: { database: 'ok', redis: 'down' } });
  });

  it('serves Prometheus text that a parser accepts, with request metrics by route', async () => {
    const { app } = createTestApp(db);
    await request(app).get('/health');
    await request(app).get('/no/such/route');
    const response = await request(app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(response.text);
    const names = families.map((family) => family.name);
    expect(names).toEqual(expect.arrayContaining(['voxanne_http_requests_total', 'voxanne_http_request_duration_seconds', 'voxanne_process_cpu_seconds_total']));
    const requests = families.find((family) => family.name === 'voxanne_http_requests_total');
    const routes = requests?.metrics.map((metric) => ('labels' in metric ? metric.labels?.route : undefined));
    expect(routes).toEqual(expect.arrayContaining(['/health', 'unmatched']));
    expect(names).toContain('voxanne_db_pool_connections');
  });

  it('labels requests rejected before reaching a route by their route group, not the raw path', async () => {
    const { app } = createTestApp(db);
    await request(app).get('/api/v1/clinics/8d1e4b7a-0000-4000-8000-000000000000/anything');
    const families = parsePrometheusTextFormat((await request(app).get('/metrics')).text);
    const requests = families.find((family) => family.name === 'voxanne_http_requests_total');
    const labels = requests?.metrics.map((metric) => metric.labels);
    expect(labels).toContainEqual({ method: 'GET', route: '/api/v1/clinics/:id/*', status: '401' });
  });

  it('protects /metrics with METRICS_TOKEN when it is set', async () => {
    const { app } = createTestApp(db, {
      config: {
        corsOrigins: [],
        trustProxyHops: 0,
        metricsToken: 'scrape-token',
        publicBaseUrl: 'http://localhost:3001',
        vapi: { webhookSecret: 'test-vapi-secret' },
        twilio: { authToken: 'test-twilio-auth-token' },
      },
    });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong-token')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer scrape-token')).status).toBe(200);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const { app } = createTestApp(db);
    const response = await request(app).post('/api/v1/nothing-here').send({});
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for POST /api/v1/nothing-here' } });
  });

  it('answers an oversized JSON body with 413', async () => {
    const { app } = createTestApp(db);
    const response = await request(app)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
