import { describe, expect, it } from '@jest/globals';
import { findMatches, searchTermsPattern, splitByPattern, stepMatch } from './transcript-search';

describe('findMatches', () => {
  it('numbers matches across segments in reading order, ignoring case and spacing', () => {
    const { parts, count } = findMatches(['Hi, quick question.', 'No more QUICK   question here', 'nothing'], 'Quick question');
    expect(count).toBe(2);
    expect(parts[0]).toEqual([{ text: 'Hi, ' }, { text: 'quick question', match: 0 }, { text: '.' }]);
    expect(parts[1]).toEqual([{ text: 'No more ' }, { text: 'QUICK   question', match: 1 }, { text: ' here' }]);
    expect(parts[2]).toEqual([{ text: 'nothing' }]);
  });

  it('treats the phrase as text, not a pattern', () => {
    expect(findMatches(['a (b) c.*'], '(b)').count).toBe(1);
    expect(findMatches(['abc'], '.*').count).toBe(0);
  });

  it('finds nothing for a blank phrase', () => {
    expect(findMatches(['text'], '   ')).toEqual({ parts: [[{ text: 'text' }]], count: 0 });
  });
});

describe('stepMatch', () => {
  it('wraps around both ways', () => {
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(0);
  });
});

describe('searchTermsPattern', () => {
  it('matches words from their start, like the API search', () => {
    const parts = splitByPattern('Lip fillers at the station; refill later', searchTermsPattern('fill station'));
    expect(parts.filter((part) => part.match !== undefined).map((part) => part.text)).toEqual(['fillers', 'station']);
  });

  it('matches short words whole only', () => {
    const parts = splitByPattern('go to town, goes', searchTermsPattern('go'));
    expect(parts.filter((part) => part.match !== undefined).map((part) => part.text)).toEqual(['go']);
  });
});
