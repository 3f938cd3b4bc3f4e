import { checkPhoneInput } from './phone-input';

describe('checkPhoneInput', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['(020) 7946-0000', '+442079460000'],
    ['+44 7700 900123', '+447700900123'],
    ['+44 (0)20 7946 0000', '+442079460000'],
    ['0044 7700 900123', '+447700900123'],
    ['+1 212 555 0100', '+12125550100'],
  ])('accepts %p as %p', (raw, e164) => {
    expect(checkPhoneInput(raw)).toEqual({ ok: true, e164 });
  });

  it.each(['', '   ', '12345', '07700', '+0 123 456 789', 'call me', '+44 7700 900123 ext 4'])('rejects %p with a message', (raw) => {
    const result = checkPhoneInput(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/phone/);
  });
});
