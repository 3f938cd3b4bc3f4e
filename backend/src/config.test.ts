import path from 'node:path';
import { ConfigError, loadConfig } from './config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3001,
      publicBaseUrl: 'http://localhost:3001',
      database: { url: undefined },
      redisUrl: undefined,
      vapi: { webhookSecret: 'dev-vapi-secret' },
      twilio: { authToken: 'dev-twilio-token', accountSid: undefined },
      embeddingsProvider: 'local',
      llmProvider: 'local',
      corsOrigins: ['http://localhost:3000'],
    });
    expect(path.isAbsolute(config.database.dataDir)).toBe(true);
    expect(config.database.dataDir.endsWith(`${path.sep}.data`)).toBe(true);
  });

  it('derives PUBLIC_BASE_URL from PORT and strips a trailing slash when given', () => {
    expect(loadConfig({ PORT: '4000' }).publicBaseUrl).toBe('http://localhost:4000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://api.example.com/' }).publicBaseUrl).toBe('https://api.example.com');
  });

  it('resolves a relative DATA_DIR against the directory npm was started from', () => {
    const config = loadConfig({ DATA_DIR: 'var/db', INIT_CWD: '/srv/voxanne' });
    expect(config.database.dataDir).toBe(path.resolve('/srv/voxanne/var/db'));
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ EMBEDDINGS_PROVIDER: 'cohere' }, 'EMBEDDINGS_PROVIDER'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TWILIO_ACCOUNT_SID: 'SK123' }, 'TWILIO_ACCOUNT_SID'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ CORS_ORIGINS: 'http://ok.example, ftp://bad' }, 'CORS_ORIGINS'],
    [{ LLM_PROVIDER: 'openai' }, 'OPENAI_API_KEY'],
    [{ SUPABASE_URL: 'https://x.supabase.co' }, 'SUPABASE_JWT_SECRET'],
  ])('names the variable for %o', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
  });

  it('refuses embedded defaults and missing secrets in production, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const variable of ['DATABASE_URL', 'JWT_SECRET', 'VAPI_WEBHOOK_SECRET', 'TWILIO_AUTH_TOKEN']) {
      expect(problems.some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
    }
  });

  it('refuses development secrets in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.example/voxanne',
      JWT_SECRET: 'x'.repeat(40),
      VAPI_WEBHOOK_SECRET: 'dev-vapi-secret',
      TWILIO_AUTH_TOKEN: 'dev-twilio-token',
    });
    expect(problems).toHaveLength(2);
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://db.example/voxanne',
      JWT_SECRET: 'x'.repeat(40),
      VAPI_WEBHOOK_SECRET: 'vapi-production-secret',
      TWILIO_AUTH_TOKEN: 'twilio-production-token',
      PUBLIC_BASE_URL: 'https://api.voxanne.example',
      CORS_ORIGINS: 'https://app.voxanne.example,https://staging.voxanne.example',
    });
    expect(config.isProduction).toBe(true);
    expect(config.corsOrigins).toEqual(['https://app.voxanne.example', 'https://staging.voxanne.example']);
  });
});
