import { describe, expect, it } from '@jest/globals';
import { readConfig, webSocketUrl } from './config';

describe('readConfig', () => {
  it('defaults to the local backend', () => {
    expect(readConfig({})).toEqual({ backendUrl: 'http://localhost:3001', publicBackendUrl: 'http://localhost:3001', supabase: null });
  });

  it('takes BACKEND_URL without its trailing slash', () => {
    expect(readConfig({ BACKEND_URL: 'https://api.voxanne.example/ ' }).backendUrl).toBe('https://api.voxanne.example');
  });

  it('lets browsers dial a public backend URL different from the private one', () => {
    const config = readConfig({ BACKEND_URL: 'http://backend.internal:3001', BACKEND_PUBLIC_URL: 'https://api.voxanne.example/' });
    expect(config).toMatchObject({ backendUrl: 'http://backend.internal:3001', publicBackendUrl: 'https://api.voxanne.example' });
  });

  it.each(['not a url', 'ftp://files.example'])('names the variable when BACKEND_URL is %p', (value) => {
    expect(() => readConfig({ BACKEND_URL: value })).toThrow(/BACKEND_URL/);
  });

  it('signs in with Supabase Auth only when both of its variables are set', () => {
    expect(readConfig({ SUPABASE_URL: 'https://abc.supabase.co/', SUPABASE_ANON_KEY: 'anon' }).supabase).toEqual({ url: 'https://abc.supabase.co', anonKey: 'anon' });
    expect(() => readConfig({ SUPABASE_URL: 'https://abc.supabase.co' })).toThrow(/SUPABASE_ANON_KEY/);
    expect(() => readConfig({ SUPABASE_ANON_KEY: 'anon' })).toThrow(/SUPABASE_URL/);
  });

  it('names BACKEND_PUBLIC_URL when it is bad', () => {
    expect(() => readConfig({ BACKEND_PUBLIC_URL: 'nope' })).toThrow(/BACKEND_PUBLIC_URL/);
  });
});

describe('webSocketUrl', () => {
  it.each([
    ['http://localhost:3001', 'ws://localhost:3001/ws'],
    ['https://api.voxanne.example', 'wss://api.voxanne.example/ws'],
    ['https://example.org/voxanne', 'wss://example.org/voxanne/ws'],
  ])('%s → %s', (base, expected) => {
    expect(webSocketUrl(base)).toBe(expected);
  });
});
