import { describe, expect, it } from '@jest/globals';
import { readReadinessChecks } from './readiness-checks';

describe('readReadinessChecks', () => {
  it.each([
    ['plain words', { checks: { db: 'ok', redis: 'down' } }, [['db', 'ok'], ['redis', 'failing']]],
    ['booleans', { checks: { database: true, redis: false } }, [['database', 'ok'], ['redis', 'failing']]],
    ['nested objects', { checks: { db: { status: 'up' }, redis: { ok: false } } }, [['db', 'ok'], ['redis', 'failing']]],
    ['unconfigured services', { checks: { db: 'ok', redis: 'skipped' } }, [['db', 'ok'], ['redis', 'off']]],
    ['a list of what is down', { status: 'unavailable', down: ['db'] }, [['db', 'failing']]],
    ['a body without checks', { status: 'ok' }, []],
    ['no body at all', null, []],
  ])('reads %s', (_shape, body, expected) => {
    expect(readReadinessChecks(body).map((check) => [check.name, check.state])).toEqual(expected);
  });

  it('keeps the reason a check fails and gives it a readable label', () => {
    const [check] = readReadinessChecks({ checks: { db: { status: 'error', error: 'connection refused' } } });

    expect(check).toEqual({ name: 'db', label: 'Database', state: 'failing', detail: 'connection refused' });
  });
});
