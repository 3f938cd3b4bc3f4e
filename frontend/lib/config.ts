const DEFAULT_BACKEND_URL = 'http://localhost:3001';

export type FrontendConfig = {
  backendUrl: string;
};

/**
 * The only place that reads the environment. Read on every call rather than at import time so the
 * production server honours the env it was started with (not the one it was built with) and tests
 * can point it at a fake backend.
 */
export function readConfig(env: Record<string, string | undefined> = process.env): FrontendConfig {
  return { backendUrl: parseBackendUrl(env.BACKEND_URL) };
}

function parseBackendUrl(rawValue: string | undefined): string {
  const value = rawValue?.trim() || DEFAULT_BACKEND_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BACKEND_URL must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`BACKEND_URL must use http or https, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}
