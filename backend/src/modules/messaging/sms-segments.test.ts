import { fitSms, smsLength, toGsmFriendly } from './sms-segments';

describe('smsLength', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['[' + 'a'.repeat(159), 'GSM-7', 161, 2],
    ['ü'.repeat(160), 'GSM-7', 160, 1],
    ['ł'.repeat(70), 'UCS-2', 70, 1],
    ['é'.repeat(159) + 'ł', 'UCS-2', 160, 3],
    ['a'.repeat(69) + '’', 'UCS-2', 70, 1],
    ['😀'.repeat(35), 'UCS-2', 70, 1],
    ['😀'.repeat(36), 'UCS-2', 72, 2],
  ])('%# counts %j as %s, %i units, %i segment(s)', (body, encoding, units, segments) => {
    expect(smsLength(body)).toEqual({ encoding, units, segments });
  });
});

describe('fitSms', () => {
  it('replaces typography that has a GSM equivalent, keeping the text in GSM-7', () => {
    const body = toGsmFriendly('We’re open “Mon–Fri”… see you');
    expect(body).toBe('We\'re open "Mon-Fri"... see you');
    expect(smsLength(body).encoding).toBe('GSM-7');
  });

  it('leaves a text that fits untouched', () => {
    expect(fitSms('Your appointment is confirmed.', 1)).toBe('Your appointment is confirmed.');
  });

  it('cuts at the last sentence that fits, or the last whole word, within the segment budget', () => {
    const sentences = Array.from({ length: 20 }, (_, index) => `Sentence number ${index} is here.`).join(' ');
    const cut = fitSms(sentences, 2);
    expect(smsLength(cut).segments).toBeLessThanOrEqual(2);
    expect(cut.endsWith('is here.')).toBe(true);
    expect(sentences.startsWith(cut)).toBe(true);

    const words = 'word '.repeat(100);
    const wordCut = fitSms(words, 1);
    expect(smsLength(wordCut).segments).toBe(1);
    expect(wordCut).toMatch(/^(word )*word\.\.\.$/);
  });

  it('keeps a UCS-2 text within budget too', () => {
    const cut = fitSms('Zażółć gęślą jaźń '.repeat(20), 1);
    expect(smsLength(cut)).toEqual(expect.objectContaining({ encoding: 'UCS-2', segments: 1 }));
  });
});
