import { Writable } from 'node:stream';
import { createLogger, maskPhoneNumbers, redact } from './logger';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', stream }), lines };
}

describe('log redaction', () => {
  it.each([
    ['call from +442079460000 ended', 'call from +***000 ended'],
    ['ring 07700 900123 now', 'ring ***123 now'],
    ['US +1 415-555-2671', 'US +***671'],
  ])('masks phone numbers in %s', (input, expected) => {
    expect(maskPhoneNumbers(input)).toBe(expected);
  });

  it.each([
    '2026-11-22T02:37:34.967Z',
    'b9fa471c-0b9e-4fbd-b9b3-528e15ac0123',
    'took 1234 ms',
    'CA1234567890abcdef1234567890abcdef',
  ])('leaves timestamps, ids and small numbers alone: %s', (input) => {
    expect(maskPhoneNumbers(input)).toBe(input);
  });

  it('drops secrets and patient content at any depth', () => {
    expect(
      redact({
        authorization: 'Bearer abc',
        nested: { password: 'p', Body: 'I have chest pain', transcript: 'hello', list: [{ token: 't' }] },
        from: '+447700900123',
      }),
    ).toEqual({
      authorization: '[redacted]',
      nested: { password: '[redacted]', Body: '[redacted]', transcript: '[redacted]', list: [{ token: '[redacted]' }] },
      from: '+***123',
    });
  });

  it('writes JSON lines without secrets, bodies or full phone numbers', () => {
    const { logger, lines } = captureLogger();
    logger.info('sms received from +447700900123', { body: 'my lip went white', apiKey: 'sk-live', clinicId: 'c1' });
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry.message).toBe('sms received from +***123');
    expect(entry.body).toBe('[redacted]');
    expect(entry.apiKey).toBe('[redacted]');
    expect(entry.clinicId).toBe('c1');
    expect(lines[0]).not.toContain('7700900123');
    expect(lines[0]).not.toContain('white');
  });
});

describe('error redaction', () => {
  it('masks phone numbers in error messages and stacks', () => {
    const error = new Error('could not text +447700900123');
    const redacted = redact({ error }) as { error: { message: string; stack: string } };
    expect(redacted.error.message).toBe('could not text +***123');
    expect(redacted.error.stack).not.toContain('7700900123');
  });
});
