const DEFAULT_BACKEND_URL = 'http://localhost:3001';

export type FrontendConfig = {
  /** Where this server reaches the backend (may be a private address). */
  backendUrl: string;
  /** Where browsers reach the backend's WebSocket: BACKEND_PUBLIC_URL, else BACKEND_URL. */
  publicBackendUrl: string;
  /** Set: people sign in with Supabase Auth (the backend must have SUPABASE_JWT_SECRET). */
  supabase: SupabaseAuthConfig | null;
};

export type SupabaseAuthConfig = { url: string; anonKey: string };

/**
 * The only place that reads the environment. Read on every call rather than at import time so the
 * production server honours the env it was started with (not the one it was built with) and tests
 * can point it at a fake backend.
 */
export function readConfig(env: Record<string, string | undefined> = process.env): FrontendConfig {
  const backendUrl = parseBackendUrl('BACKEND_URL', env.BACKEND_URL);
  const publicBackendUrl = env.BACKEND_PUBLIC_URL?.trim()
    ? parseBackendUrl('BACKEND_PUBLIC_URL', env.BACKEND_PUBLIC_URL)
    : backendUrl;
  return { backendUrl, publicBackendUrl, supabase: parseSupabase(env) };
}

function parseSupabase(env: Record<string, string | undefined>): SupabaseAuthConfig | null {
  const url = env.SUPABASE_URL?.trim();
  const anonKey = env.SUPABASE_ANON_KEY?.trim();
  if (!url && !anonKey) return null;
  if (!url) throw new Error('SUPABASE_URL must be set together with SUPABASE_ANON_KEY');
  if (!anonKey) throw new Error('SUPABASE_ANON_KEY must be set together with SUPABASE_URL');
  return { url: parseBackendUrl('SUPABASE_URL', url), anonKey };
}

function parseBackendUrl(name: string, rawValue: string | undefined): string {
  const value = rawValue?.trim() || DEFAULT_BACKEND_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must use http or https, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

/** ws(s)://host/ws of the backend, as a browser must dial it. */
export function webSocketUrl(publicBackendUrl: string): string {
  const url = new URL(publicBackendUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`;
  return url.toString();
}
