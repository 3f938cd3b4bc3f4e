import { classifySmsKeyword, keywordOf, OPT_OUT_KEYWORDS } from './sms-keywords';

const subscribed = { isOptedOut: false };
const optedOut = { isOptedOut: true };

describe('keywordOf', () => {
  it.each([
    ['STOP', 'STOP'],
    [' stop ', 'STOP'],
    ['Stop.', 'STOP'],
    ['"yes!"', 'YES'],
    ['ＳＴＯＰ', 'STOP'],
  ])('%j is the keyword %s', (body, keyword) => {
    expect(keywordOf(body)).toBe(keyword);
  });

  it.each(['stop it', 'STOP 2', '', '   ', '!!!', 'no thanks'])('%j is not a keyword', (body) => {
    expect(keywordOf(body)).toBeUndefined();
  });
});

describe('classifySmsKeyword', () => {
  it.each(OPT_OUT_KEYWORDS.map((keyword) => [keyword]))('%s alone is an opt-out, subscribed or not', (keyword) => {
    expect(classifySmsKeyword(keyword.toLowerCase(), subscribed)).toEqual({ kind: 'opt_out', keyword });
    expect(classifySmsKeyword(keyword, optedOut)).toEqual({ kind: 'opt_out', keyword });
  });

  it('reads CANCEL alone as an opt-out (Twilio blocks the number) but "cancel my appointment" as a cancellation', () => {
    expect(classifySmsKeyword('Cancel', subscribed)?.kind).toBe('opt_out');
    expect(classifySmsKeyword('cancel my appointment', subscribed)?.kind).toBe('cancel_appointment');
    expect(classifySmsKeyword('Please cancel the booking on Tuesday', subscribed)?.kind).toBe('cancel_appointment');
  });

  it('reads YES as an opt-in after an opt-out, and as a confirmation otherwise', () => {
    expect(classifySmsKeyword('yes', optedOut)).toEqual({ kind: 'opt_in', keyword: 'YES' });
    expect(classifySmsKeyword('yes', subscribed)).toEqual({ kind: 'confirm_appointment', keyword: 'YES' });
  });

  it.each(['START', 'unstop'])('%s re-subscribes whether or not the number opted out', (body) => {
    expect(classifySmsKeyword(body, optedOut)?.kind).toBe('opt_in');
    expect(classifySmsKeyword(body, subscribed)?.kind).toBe('opt_in');
  });

  it.each(['HELP', 'info'])('%s asks for help', (body) => {
    expect(classifySmsKeyword(body, subscribed)?.kind).toBe('help');
  });

  it.each([
    ['C', 'confirm_appointment'],
    ['confirm', 'confirm_appointment'],
    ['NO', 'cancel_appointment'],
    ['n', 'cancel_appointment'],
    ['RESCHEDULE', 'reschedule_appointment'],
    ['Can I reschedule my appointment?', 'reschedule_appointment'],
  ])('%j is %s', (body, kind) => {
    expect(classifySmsKeyword(body, subscribed)?.kind).toBe(kind);
  });

  it.each([
    'Do you do lip fillers?',
    'no idea what time I booked',
    'Stop sending me the wrong price please',
    'yes I would like to book',
    'I have chest pain',
  ])('%j is for the conversation, not a keyword', (body) => {
    expect(classifySmsKeyword(body, subscribed)).toBeUndefined();
  });
});
