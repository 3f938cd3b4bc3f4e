import { describe, expect, it } from '@jest/globals';
import { asSent, countSms, firstUnicodeCharacter } from './sms-length';

describe('countSms', () => {
  it.each([
    ['', 'GSM-7', 0, 1, 160],
    ['a'.repeat(160), 'GSM-7', 160, 1, 0],
    ['a'.repeat(161), 'GSM-7', 161, 2, 145],
    ['a'.repeat(306), 'GSM-7', 306, 2, 0],
    ['a'.repeat(307), 'GSM-7', 307, 3, 152],
    ['€'.repeat(80), 'GSM-7', 160, 1, 0],
    ['[x]', 'GSM-7', 5, 1, 155],
    ['é'.repeat(160), 'GSM-7', 160, 1, 0],
    ['Hi 😊', 'UCS-2', 5, 1, 65],
    ['ł'.repeat(70), 'UCS-2', 70, 1, 0],
    ['ł'.repeat(71), 'UCS-2', 71, 2, 63],
    ['ł'.repeat(135), 'UCS-2', 135, 3, 66],
  ])('%j → %s, %d units, %d segment(s), %d left', (text, encoding, units, segments, remaining) => {
    expect(countSms(text)).toMatchObject({ encoding, units, segments, remaining });
  });

  it('counts typography the way it will be sent', () => {
    expect(asSent('It’s “fine” — really…')).toBe('It\'s "fine" - really...');
    expect(countSms('It’s fine').encoding).toBe('GSM-7');
  });
});

describe('firstUnicodeCharacter', () => {
  it('names the character that forces UCS-2', () => {
    expect(firstUnicodeCharacter('See you at 3 👍 ok')).toBe('👍');
    expect(firstUnicodeCharacter('Plain text’s fine')).toBeUndefined();
  });
});
