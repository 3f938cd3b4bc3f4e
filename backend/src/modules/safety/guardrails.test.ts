import { applyOutputGuardrails, MEDICAL_DEFLECTION, SMS_MAX_CHARS, type GuardrailOptions } from './guardrails';

const sms: GuardrailOptions = { channel: 'sms', allowedPhoneNumbers: ['+447700900123', '+442079460000'] };
const voice: GuardrailOptions = { ...sms, channel: 'voice' };

describe('applyOutputGuardrails', () => {
  it.each([
    'You can take 400mg of ibuprofen every 4 hours.',
    'Take 2 tablets twice a day.',
    'It sounds like you have an infection.',
    'You have an infection, so see your GP.',
    "Don't worry, it's normal to have some lumps.",
    'That is perfectly normal after filler.',
    'That sounds like an allergic reaction.',
    'You should stop taking your blood thinners a week before.',
  ])('replaces a reply containing clinical advice: %j', (reply) => {
    expect(applyOutputGuardrails(reply, sms)).toEqual({ reply: MEDICAL_DEFLECTION, violations: ['medical_advice'] });
  });

  it.each<[string, GuardrailOptions, string, string[]]>([
    ['Lip filler is £280 for 1 ml.', sms, 'Lip filler is £280 for 1 ml.', []],
    [
      'Call us on 020 7946 0000 or our emergency line 07700 900123.',
      sms,
      'Call us on 020 7946 0000 or our emergency line 07700 900123.',
      [],
    ],
    ['Ring Dr Hart on 07700 900456 tonight.', sms, 'Ring Dr Hart on our main line tonight.', ['unlisted_phone_number']],
    ['We open at 09:00 on 2026-01-15.', sms, 'We open at 09:00 on 2026-01-15.', []],
    ['Your booking is confirmed. [internal: patient owes £50]', sms, 'Your booking is confirmed.', ['internal_note']],
    ['See you Friday. NOTE: flag as VIP', sms, 'See you Friday.', ['internal_note']],
    ['See you Friday. TODO check deposit', sms, 'See you Friday.', ['internal_note']],
    [
      'Would Tuesday suit you? Or Wednesday? Shall I book it?',
      sms,
      'Would Tuesday suit you?',
      ['multiple_questions'],
    ],
    ['**Profhilo** is £320. It takes 30 minutes.', voice, 'Profhilo is £320. It takes 30 minutes.', ['markdown']],
    ['**Profhilo** is £320.', sms, '**Profhilo** is £320.', []],
    ['- **Mon–Fri** 09:00–18:00\n- Sat 10:00–14:00', voice, 'Mon–Fri 09:00–18:00, Sat 10:00–14:00', ['markdown']],
    ['See [our leaflet](https://example.org/a). Any questions?', voice, 'See our leaflet. Any questions?', ['markdown']],
    ['Call (555) 010-4477 now.', sms, 'Call our main line now.', ['unlisted_phone_number']],
    ['Call +44 7700 900123 or 999.', sms, 'Call +44 7700 900123 or 999.', []],
    ['One. Two. Three.', voice, 'One. Two.', ['too_long']],
    ['Dr. Hart is in today. She has a slot at 2. Want it?', voice, 'Dr. Hart is in today. She has a slot at 2.', ['too_long']],
    ['[internal] only notes', sms, 'only notes', ['internal_note']],
  ])('%j (%o) → %j', (reply, options, expected, violations) => {
    expect(applyOutputGuardrails(reply, options)).toEqual({ reply: expected, violations });
  });

  it('caps SMS at a sentence boundary', () => {
    const sentence = 'Our anti-wrinkle injections start at £180 for one area and last three to four months.';
    const result = applyOutputGuardrails(Array(6).fill(sentence).join(' '), sms);
    expect(result.reply.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(result.reply.endsWith('months.')).toBe(true);
    expect(result.violations).toEqual(['too_long']);
  });

  it('cuts a single overlong sentence at a word boundary', () => {
    const result = applyOutputGuardrails(`${'word '.repeat(100)}end.`, sms);
    expect(result.reply.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(result.reply).toMatch(/word…$/);
  });

  it('falls back to a call-back offer when nothing is left', () => {
    expect(applyOutputGuardrails('[internal: nothing for the patient]', sms)).toEqual({
      reply: 'I can arrange for one of our team to call you back.',
      violations: ['internal_note', 'empty_reply'],
    });
  });

  it('is deterministic', () => {
    const reply = 'Call 07700 900999? Or email us? **Thanks**.';
    expect(applyOutputGuardrails(reply, voice)).toEqual(applyOutputGuardrails(reply, voice));
  });
});
