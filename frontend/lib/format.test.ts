import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatDuration, formatRelative, formatTime, humanize, localDate, maskPhone } from './format';

describe('maskPhone', () => {
  it('keeps the country and the last four digits only', () => {
    expect(maskPhone('+447700900123')).toBe('+44 •••• ••0123');
    expect(maskPhone('+15551234567')).toBe('+1 •••• ••4567');
  });

  it('says so when there is no number', () => {
    expect(maskPhone(null)).toBe('Unknown number');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [75, '1:15'],
    [3700, '1:01:40'],
  ])('%d s → %s', (seconds, expected) => expect(formatDuration(seconds)).toBe(expected));

  it('shows a dash for an unknown duration', () => expect(formatDuration(null)).toBe('—'));
});

describe('clinic-time formatting', () => {
  it('shows instants in the clinic time zone, across DST', () => {
    expect(formatTime('2026-07-01T13:05:00Z', 'Europe/London')).toBe('14:05');
    expect(formatTime('2026-12-01T13:05:00Z', 'Europe/London')).toBe('13:05');
    expect(formatDateTime('2026-12-03T23:30:00Z', 'Asia/Tokyo')).toBe('4 Dec 2026, 08:30');
  });

  it('takes the local calendar day', () => {
    expect(localDate('2026-06-30T23:30:00Z', 'Europe/London')).toBe('2026-07-01');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(formatRelative('2026-12-03T11:59:50Z', now, 'UTC')).toBe('just now');
    expect(formatRelative('2026-12-03T11:50:00Z', now, 'UTC')).toBe('10 min ago');
  });
});

it('humanizes enum values', () => expect(humanize('message_taken')).toBe('Message taken'));
