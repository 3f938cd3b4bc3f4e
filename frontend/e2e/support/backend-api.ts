/**
 * Direct calls to the backend API for a flow's set-up and clean-up (not what the flow tests):
 * reading the state to restore, and undoing what a failed run left behind.
 */
import assert from 'node:assert/strict';
import { DEMO_OWNER } from './flow';

export type BackendApi = <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<T>;

/** Signs in as the demo owner and returns a caller for `/api/v1<path>`. */
export async function ownerBackendApi(backendUrl: string): Promise<BackendApi> {
  const login = await fetch(`${backendUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  assert.equal(login.status, 200, 'the demo owner signs in to the backend');
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${backendUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}
