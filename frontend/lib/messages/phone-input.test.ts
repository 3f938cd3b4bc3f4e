import { describe, expect, it } from '@jest/globals';
import { formatPhone, parsePhoneInput } from './phone-input';

describe('parsePhoneInput', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['020 7946 0000', '+442079460000'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['+1 (212) 555-0123', '+12125550123'],
  ])('%s → %s', (raw, e164) => expect(parsePhoneInput(raw)).toEqual({ ok: true, e164 }));

  it.each([[''], ['   '], ['07700 9001'], ['077009001234'], ['7700900123'], ['+44 abc'], ['+0123456789'], ['+123']])('refuses %j', (raw) => {
    expect(parsePhoneInput(raw)).toMatchObject({ ok: false });
  });
});

describe('formatPhone', () => {
  it('groups UK numbers and leaves others as they are', () => {
    expect(formatPhone('+447700900123')).toBe('+44 7700 900123');
    expect(formatPhone('+12125550123')).toBe('+12125550123');
  });
});
