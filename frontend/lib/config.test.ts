import { describe, expect, it } from '@jest/globals';
import { readConfig } from './config';

describe('readConfig', () => {
  it('defaults to the local backend', () => {
    expect(readConfig({})).toEqual({ backendUrl: 'http://localhost:3001' });
  });

  it('takes BACKEND_URL without its trailing slash', () => {
    expect(readConfig({ BACKEND_URL: 'https://api.voxanne.example/ ' })).toEqual({ backendUrl: 'https://api.voxanne.example' });
  });

  it.each(['not a url', 'ftp://files.example'])('names the variable when BACKEND_URL is %p', (value) => {
    expect(() => readConfig({ BACKEND_URL: value })).toThrow(/BACKEND_URL/);
  });
});
