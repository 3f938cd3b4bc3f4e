import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './platform/paths';

/**
 * The whole runtime configuration, parsed once at boot from the environment. Nothing else in
 * the backend reads `process.env`; everything receives the part of this object it needs.
 */

const DEV_VAPI_SECRET = 'dev-vapi-secret';
const DEV_TWILIO_TOKEN = 'dev-twilio-token';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url({ message: 'must be a URL' }).optional())
  .optional();

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3001),
  PUBLIC_BASE_URL: optionalUrl,
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: optionalString,
  // npm runs workspace scripts from the workspace folder; INIT_CWD is where the user typed the command.
  INIT_CWD: optionalString,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  JWT_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  SUPABASE_URL: optionalUrl,
  SUPABASE_JWT_SECRET: optionalString,
  VAPI_WEBHOOK_SECRET: optionalString,
  VAPI_API_KEY: optionalString,
  VAPI_BASE_URL: optionalUrl,
  TWILIO_ACCOUNT_SID: optionalString.pipe(
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex characters')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_API_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai']).default('local'),
  LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  SENTRY_DSN: optionalUrl,
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  METRICS_TOKEN: optionalString,
  CORS_ORIGINS: z.string().default('http://localhost:3000'),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  JOB_WORKERS: z.coerce.number().int().min(0).max(32).default(2),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  publicBaseUrl: string;
  /** True when PUBLIC_BASE_URL was not set: webhooks from the internet will not verify. */
  isPublicBaseUrlDefault: boolean;
  database: { url: string | undefined; dataDir: string };
  redisUrl: string | undefined;
  auth: {
    /** Undefined in development: main.ts then generates one into DATA_DIR. */
    jwtSecret: string | undefined;
    supabase: { url: string | undefined; jwtSecret: string | undefined };
  };
  vapi: { webhookSecret: string; apiKey: string | undefined; baseUrl: string | undefined };
  twilio: {
    accountSid: string | undefined;
    authToken: string;
    apiBaseUrl: string | undefined;
  };
  openai: { apiKey: string | undefined; baseUrl: string | undefined };
  embeddingsProvider: 'local' | 'openai';
  llmProvider: 'local' | 'openai';
  sentryDsn: string | undefined;
  logLevel: string;
  metricsToken: string | undefined;
  corsOrigins: string[];
  /** Number of reverse proxies in front of the backend (Render: 1), for client IPs. */
  trustProxyHops: number;
  jobWorkers: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const problems = productionProblems(vars);
  if (vars.EMBEDDINGS_PROVIDER === 'openai' && !vars.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required when EMBEDDINGS_PROVIDER=openai');
  }
  if (vars.LLM_PROVIDER === 'openai' && !vars.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required when LLM_PROVIDER=openai');
  }
  if (vars.SUPABASE_URL && !vars.SUPABASE_JWT_SECRET) {
    problems.push('SUPABASE_JWT_SECRET: required when SUPABASE_URL is set');
  }
  const corsOrigins = vars.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: vars.NODE_ENV,
    isProduction: vars.NODE_ENV === 'production',
    port: vars.PORT,
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    isPublicBaseUrlDefault: vars.PUBLIC_BASE_URL === undefined,
    database: {
      url: vars.DATABASE_URL,
      dataDir: vars.DATA_DIR
        ? path.resolve(vars.INIT_CWD ?? process.cwd(), vars.DATA_DIR)
        : path.join(REPO_ROOT, '.data'),
    },
    redisUrl: vars.REDIS_URL,
    auth: {
      jwtSecret: vars.JWT_SECRET,
      supabase: { url: vars.SUPABASE_URL, jwtSecret: vars.SUPABASE_JWT_SECRET },
    },
    vapi: {
      webhookSecret: vars.VAPI_WEBHOOK_SECRET ?? DEV_VAPI_SECRET,
      apiKey: vars.VAPI_API_KEY,
      baseUrl: vars.VAPI_BASE_URL,
    },
    twilio: {
      accountSid: vars.TWILIO_ACCOUNT_SID,
      authToken: vars.TWILIO_AUTH_TOKEN ?? DEV_TWILIO_TOKEN,
      apiBaseUrl: vars.TWILIO_API_BASE_URL,
    },
    openai: { apiKey: vars.OPENAI_API_KEY, baseUrl: vars.OPENAI_BASE_URL },
    embeddingsProvider: vars.EMBEDDINGS_PROVIDER,
    llmProvider: vars.LLM_PROVIDER,
    sentryDsn: vars.SENTRY_DSN,
    logLevel: vars.LOG_LEVEL,
    metricsToken: vars.METRICS_TOKEN,
    corsOrigins,
    trustProxyHops: vars.TRUST_PROXY,
    jobWorkers: vars.JOB_WORKERS,
  };
}

type ParsedEnv = z.infer<typeof envSchema>;

/** Production refuses every embedded default and every development secret. */
function productionProblems(vars: ParsedEnv): string[] {
  if (vars.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!vars.DATABASE_URL) {
    problems.push('DATABASE_URL: required in production (the embedded database is for development)');
  }
  if (!vars.JWT_SECRET) problems.push('JWT_SECRET: required in production (at least 32 characters)');
  if (!vars.VAPI_WEBHOOK_SECRET || vars.VAPI_WEBHOOK_SECRET === DEV_VAPI_SECRET) {
    problems.push('VAPI_WEBHOOK_SECRET: required in production and must not be the development default');
  }
  if (!vars.TWILIO_AUTH_TOKEN || vars.TWILIO_AUTH_TOKEN === DEV_TWILIO_TOKEN) {
    problems.push('TWILIO_AUTH_TOKEN: required in production and must not be the development default');
  }
  return problems;
}
