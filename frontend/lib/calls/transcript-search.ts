/**
 * Finding a phrase in a transcript: case-insensitive, whitespace-tolerant ("quick  question"
 * finds "quick question"), every match numbered in reading order so the page can highlight them
 * and jump from one to the next.
 */
export type TextPart = { text: string; match?: number };

const MAX_PHRASE_LENGTH = 200;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for the phrase, or null when there is nothing to look for. */
export function phrasePattern(phrase: string): RegExp | null {
  const words = phrase.trim().slice(0, MAX_PHRASE_LENGTH).split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(words.map(escapeRegExp).join('\\s+'), 'giu');
}

/**
 * Splits each text into plain and matched parts; match numbers continue from one text to the
 * next. Returns the parts per text and the number of matches.
 */
export function findMatches(texts: readonly string[], phrase: string): { parts: TextPart[][]; count: number } {
  const pattern = phrasePattern(phrase);
  if (!pattern) return { parts: texts.map((text) => [{ text }]), count: 0 };
  let count = 0;
  const parts = texts.map((text) => {
    const split = splitByPattern(text, pattern);
    const numbered = split.map((part) => (part.match === undefined ? part : { ...part, match: part.match + count }));
    count += split.filter((part) => part.match !== undefined).length;
    return numbered;
  });
  return { parts, count };
}

/** The match after (step 1) or before (step -1) the current one, wrapping around. */
export function stepMatch(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return 0;
  return (((current + step) % count) + count) % count;
}

/**
 * The list's search words as the API reads them (every word, from the start of a word; words of
 * three letters or more also match longer words), for highlighting them in a summary.
 */
export function searchTermsPattern(query: string): RegExp | null {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 6);
  if (words.length === 0) return null;
  const alternatives = words
    .sort((a, b) => b.length - a.length)
    .map((word) => (word.length >= 3 ? `${escapeRegExp(word)}[\\p{L}\\p{N}]*` : `${escapeRegExp(word)}(?![\\p{L}\\p{N}])`));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu');
}

/** One text split into plain parts and parts the pattern matched (numbered from 0). */
export function splitByPattern(text: string, pattern: RegExp | null): TextPart[] {
  if (!pattern) return [{ text }];
  const result: TextPart[] = [];
  let last = 0;
  let count = 0;
  for (const found of text.matchAll(pattern)) {
    const start = found.index ?? 0;
    if (found[0] === '') continue;
    if (start > last) result.push({ text: text.slice(last, start) });
    result.push({ text: found[0], match: count });
    count += 1;
    last = start + found[0].length;
  }
  if (last < text.length || result.length === 0) result.push({ text: text.slice(last) });
  return result;
}
