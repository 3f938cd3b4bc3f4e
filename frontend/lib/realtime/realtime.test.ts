import { reconnectDelayMs } from './backoff';
import { parseClinicEvent } from './clinic-event';
import { createEventCursor } from './event-cursor';
import { nextRevealedText, wordsPerTick } from './word-reveal';

describe('reconnectDelayMs', () => {
  const options = { baseMs: 500, maxMs: 30_000 };

  it.each([
    [0, 250, 500],
    [1, 500, 1_000],
    [3, 2_000, 4_000],
    [6, 15_000, 30_000],
    [20, 15_000, 30_000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(reconnectDelayMs(attempt, { ...options, random: () => 0 })).toBe(low);
    expect(reconnectDelayMs(attempt, { ...options, random: () => 1 })).toBe(high);
  });

  it('is never negative for a bad attempt number', () => {
    expect(reconnectDelayMs(-3, { ...options, random: () => 0 })).toBe(250);
  });
});

describe('event cursor', () => {
  it('accepts increasing ids and drops duplicates at or below the last one', () => {
    const cursor = createEventCursor();
    expect(cursor.lastId).toBeUndefined();
    expect([5, 6, 6, 4, 7].map((id) => cursor.accept({ id }))).toEqual(['new', 'new', 'duplicate', 'duplicate', 'new']);
    expect(cursor.lastId).toBe(7);
  });

  it('reports a gap when ids were skipped', () => {
    const cursor = createEventCursor();
    cursor.accept({ id: 1 });
    expect(cursor.accept({ id: 4 })).toBe('gap');
    expect(cursor.accept({ id: 5 })).toBe('new');
  });

  it('starts over after a stream reset', () => {
    const cursor = createEventCursor();
    cursor.accept({ id: 40 });
    cursor.markReset();
    expect(cursor.accept({ id: 1 })).toBe('gap');
    expect(cursor.accept({ id: 2 })).toBe('new');
    expect(cursor.accept({ id: 1 })).toBe('duplicate');
  });
});

describe('parseClinicEvent', () => {
  const valid = { id: 3, type: 'transcript', clinicId: 'c', callId: 'k', at: '2026-12-04T02:12:00.000Z', data: { seq: 0 } };

  it('parses an event frame', () => {
    expect(parseClinicEvent(JSON.stringify(valid))).toEqual(valid);
  });

  it.each([
    ['not json', '{'],
    ['no id', JSON.stringify({ ...valid, id: undefined })],
    ['zero id', JSON.stringify({ ...valid, id: 0 })],
    ['no data', JSON.stringify({ ...valid, data: null })],
    ['array data', JSON.stringify({ ...valid, data: [] })],
    ['numeric call id', JSON.stringify({ ...valid, callId: 7 })],
  ])('drops %s', (_, frame) => {
    expect(parseClinicEvent(frame)).toBeNull();
  });
});

describe('word reveal', () => {
  function revealAll(shown: string, target: string): string[] {
    const steps: string[] = [];
    while (shown !== target && steps.length < 100) {
      shown = nextRevealedText(shown, target);
      steps.push(shown);
    }
    return steps;
  }

  it('adds one word per tick', () => {
    expect(revealAll('Hello,', 'Hello, thank you for calling.')).toEqual([
      'Hello, thank',
      'Hello, thank you',
      'Hello, thank you for',
      'Hello, thank you for calling.',
    ]);
  });

  it('catches up faster when far behind', () => {
    expect(wordsPerTick(3)).toBe(1);
    expect(wordsPerTick(25)).toBe(3);
    const target = Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ');
    expect(revealAll('', target).length).toBeLessThan(25);
  });

  it('restarts from the shared words when the recogniser revised the text', () => {
    expect(nextRevealedText('I want to boo', 'I want to book a')).toBe('I want to book');
    expect(nextRevealedText('I want two', 'I want to book')).toBe('I want to');
  });

  it('stays put once the target is shown', () => {
    expect(nextRevealedText('Done.', 'Done.')).toBe('Done.');
  });
});
