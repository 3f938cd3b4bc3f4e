/**
 * Word-by-word reveal of streaming text. Partials arrive a few words at a time (and the final may
 * add several at once); showing each jump as it lands reads as flicker, so the shown text walks
 * towards the latest text one word per tick, faster when it falls far behind.
 */
const WORD = /\s*\S+/g;

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Words per tick: one, more when the backlog would take longer than about ten ticks to show. */
export function wordsPerTick(backlogWords: number): number {
  return Math.max(1, Math.ceil(backlogWords / 10));
}

/**
 * The next text to show on the way from `shown` to `target`. When the recogniser revised earlier
 * words (`target` no longer starts with `shown`), the reveal restarts from the last word both share.
 */
export function nextRevealedText(shown: string, target: string): string {
  if (shown === target) return target;
  const targetWords = words(target);
  let shared = 0;
  if (target.startsWith(shown)) {
    shared = words(shown).length;
    // `shown` may end mid-word of `target` ("boo" → "book"): that word is not shared yet.
    const prefix = targetWords.slice(0, shared).join('');
    if (prefix !== shown) shared = Math.max(0, shared - 1);
  } else {
    const shownWords = words(shown);
    while (shared < shownWords.length && shared < targetWords.length && shownWords[shared] === targetWords[shared]) shared += 1;
  }
  const step = wordsPerTick(targetWords.length - shared);
  return targetWords.slice(0, shared + step).join('');
}
