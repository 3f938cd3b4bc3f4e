import { normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['020 7946 0000', 'GB', '+442079460000'],
    ['07700 900123', 'GB', '+447700900123'],
    ['+44 (0)7700 900123', 'GB', '+447700900123'],
    ['+447700900123', 'US', '+447700900123'],
    ['0044 7700 900123', 'GB', '+447700900123'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['07700 900123', 'gb', '+447700900123'],
    ['12345', 'GB', undefined],
    ['not a number', 'GB', undefined],
    ['', 'GB', undefined],
  ])('%s in %s → %s', (raw, country, expected) => {
    expect(normalisePhone(raw, country)).toBe(expected);
  });
});
