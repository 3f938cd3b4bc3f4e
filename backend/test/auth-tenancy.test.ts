import { SignJWT } from 'jose';
import request from 'supertest';
import { createTokenService } from '../src/platform/auth/tokens';
import { seedDemoData } from '../src/seed/seed';
import { makeClinic, makeUser } from './support/factories';
import { createTestApp, TEST_JWT_SECRET } from './support/test-app';
import { createTestDb, resetDatabase, silentLogger } from './support/test-db';

const db = createTestDb();
afterAll(() => db.close());

type Session = { token: string; user: { id: string }; memberships: { clinicId: string; clinicName: string; role: string }[] };

async function clinicIdOf(slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM clinics WHERE slug = $1', [slug]);
  return rows[0]!.id;
}

describe('login, roles and tenant isolation (seeded demo clinics)', () => {
  const {
    app,
    deps: { services },
  } = createTestApp(db);
  let demoId: string;
  let northsideId: string;
  let owner: Session;
  let staff: Session;

  beforeAll(async () => {
    await resetDatabase(db);
    await seedDemoData(db, silentLogger(), { isProduction: false });
    demoId = await clinicIdOf('demo');
    northsideId = await clinicIdOf('northside');
    owner = (await login('owner@demo.clinic', 'demo-owner-pass')).body as Session;
    staff = (await login('staff@demo.clinic', 'demo-staff-pass')).body as Session;
  });

  function login(email: string, password: string) {
    return request(app).post('/api/v1/auth/login').send({ email, password });
  }

  it('logs the demo owner in with a token, the user and their memberships', async () => {
    const response = await login('Owner@Demo.Clinic ', 'demo-owner-pass');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresAt: expect.any(String),
      user: { id: expect.any(String), email: 'owner@demo.clinic', name: 'Dr Amelia Hart' },
      memberships: [{ clinicId: demoId, clinicName: 'Harley Street Aesthetics', role: 'owner' }],
    });
  });

  it('answers 401 with one message for a wrong password and for an unknown email', async () => {
    const wrong = await login('owner@demo.clinic', 'not-the-password');
    const unknown = await login('nobody@demo.clinic', 'demo-owner-pass');
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid email or password' } });
    }
  });

  it('rejects malformed login input with 400 and no internals', async () => {
    const missing = await request(app).post('/api/v1/auth/login').send({ email: 'not-an-email' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('INVALID_INPUT');
    expect(missing.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'email' }), expect.objectContaining({ path: 'password' })]),
    );
    const broken = await request(app)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: { code: 'INVALID_INPUT', message: 'Request body is not valid JSON' } });
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.ts/);
  });

  it('serves /me for a valid token and 401 without one or with a forged one', async () => {
    const me = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${owner.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('owner@demo.clinic');
    expect(me.body.memberships).toHaveLength(1);

    expect((await request(app).get('/api/v1/me')).status).toBe(401);
    const forged = createTokenService({ secret: 'another-secret-that-is-also-32-chars-long' });
    const { token } = await forged.issue(owner.user.id);
    const response = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses an expired token', async () => {
    const past = createTokenService({ secret: TEST_JWT_SECRET, now: () => new Date(Date.now() - 13 * 3600_000) });
    const { token } = await past.issue(owner.user.id);
    const response = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
  });

  it('lists only the clinics the user belongs to', async () => {
    const response = await request(app).get('/api/v1/clinics').set('Authorization', `Bearer ${owner.token}`);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({ id: demoId, slug: 'demo', role: 'owner', phoneNumbers: ['+442079460000'] }),
    ]);
  });

  it("gives a demo user 404 on every Northside resource and changes nothing", async () => {
    for (const session of [owner, staff]) {
      const auth = `Bearer ${session.token}`;
      for (const path of ['', '/members']) {
        const response = await request(app).get(`/api/v1/clinics/${northsideId}${path}`).set('Authorization', auth);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Clinic not found' } });
      }
      const patch = await request(app)
        .patch(`/api/v1/clinics/${northsideId}`)
        .set('Authorization', auth)
        .send({ name: 'Hijacked' });
      expect(patch.status).toBe(404);
    }
    const { rows } = await db.query<{ name: string }>('SELECT name FROM clinics WHERE id = $1', [northsideId]);
    expect(rows[0]!.name).toBe('Northside Dental');
  });

  it('answers 404 for a clinic id that is not a uuid or does not exist', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const response = await request(app).get(`/api/v1/clinics/${id}`).set('Authorization', `Bearer ${owner.token}`);
      expect(response.status).toBe(404);
    }
  });

  it('lets staff read but not manage, and owners manage with an audit entry', async () => {
    const read = await request(app).get(`/api/v1/clinics/${demoId}`).set('Authorization', `Bearer ${staff.token}`);
    expect(read.status).toBe(200);
    expect(read.body.role).toBe('staff');

    const staffPatch = await request(app)
      .patch(`/api/v1/clinics/${demoId}`)
      .set('Authorization', `Bearer ${staff.token}`)
      .send({ name: 'Renamed by staff' });
    expect(staffPatch.status).toBe(403);
    expect(staffPatch.body.error.code).toBe('FORBIDDEN');
    const members = await request(app).get(`/api/v1/clinics/${demoId}/members`).set('Authorization', `Bearer ${staff.token}`);
    expect(members.status).toBe(403);

    const invalid = await request(app)
      .patch(`/api/v1/clinics/${demoId}`)
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ timezone: 'Mars/Olympus_Mons' });
    expect(invalid.status).toBe(400);

    // What calls read of the clinic is cached; the saved change must not wait for the TTL.
    expect(await services.clinicConfig.read(demoId, 'profile', async () => 'before the change')).toBe('before the change');
    const ownerPatch = await request(app)
      .patch(`/api/v1/clinics/${demoId}`)
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ name: 'Harley Street Aesthetics & Skin' });
    expect(ownerPatch.status).toBe(200);
    expect(ownerPatch.body.name).toBe('Harley Street Aesthetics & Skin');
    expect(await services.clinicConfig.read(demoId, 'profile', async () => 'after the change')).toBe('after the change');
    const audit = await db.query<{ action: string; actor_user_id: string }>(
      `SELECT action, actor_user_id FROM audit_log WHERE clinic_id = $1`,
      [demoId],
    );
    expect(audit.rows).toEqual([{ action: 'clinic.updated', actor_user_id: owner.user.id }]);

    const ownerMembers = await request(app).get(`/api/v1/clinics/${demoId}/members`).set('Authorization', `Bearer ${owner.token}`);
    expect(ownerMembers.status).toBe(200);
    expect(ownerMembers.body.items.map((member: { email: string }) => member.email).sort()).toEqual([
      'owner@demo.clinic',
      'staff@demo.clinic',
    ]);
  });

  it('gives platform admins the admin role on every clinic', async () => {
    const admin = await makeUser(db, { isPlatformAdmin: true });
    const session = await login(admin.email, admin.password);
    expect(session.status).toBe(200);
    expect(session.body.memberships.map((m: { role: string }) => m.role)).toEqual(['admin', 'admin']);
    const response = await request(app)
      .get(`/api/v1/clinics/${northsideId}/members`)
      .set('Authorization', `Bearer ${session.body.token as string}`);
    expect(response.status).toBe(200);
  });
});

describe('Supabase-issued tokens', () => {
  const supabaseSecret = 'supabase-jwt-secret-with-enough-length-0123';
  const supabaseUrl = 'https://project.supabase.co';
  const { app } = createTestApp(db, {}, {
    tokens: createTokenService({ secret: TEST_JWT_SECRET, supabase: { jwtSecret: supabaseSecret, url: supabaseUrl } }),
  });

  beforeEach(() => resetDatabase(db));

  function supabaseToken(claims: { sub: string; email: string }, secret = supabaseSecret) {
    return new SignJWT({ email: claims.email, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setAudience('authenticated')
      .setIssuer(`${supabaseUrl}/auth/v1`)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
  }

  it('accepts a Supabase token for a known email and links the account', async () => {
    const clinic = await makeClinic(db);
    const user = await makeUser(db, { memberships: [{ clinicId: clinic.id, role: 'owner' }] });
    const subject = '9f0c2a52-6c1e-4b8e-9d57-2f1c8e7b1a00';
    const token = await supabaseToken({ sub: subject, email: user.email.toUpperCase() });
    const response = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body.memberships).toEqual([{ clinicId: clinic.id, clinicName: clinic.name, role: 'owner' }]);
    const { rows } = await db.query('SELECT external_auth_id FROM users WHERE id = $1', [user.id]);
    expect(rows[0]).toEqual({ external_auth_id: subject });
  });

  it('refuses a Supabase token signed with another secret, or for an unknown user', async () => {
    await makeUser(db, { email: 'known@example.test' });
    const forged = await supabaseToken({ sub: 'a', email: 'known@example.test' }, 'wrong-secret-wrong-secret-wrong-secret-1');
    const stranger = await supabaseToken({ sub: 'b', email: 'stranger@example.test' });
    for (const token of [forged, stranger]) {
      const response = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
    }
  });
});
