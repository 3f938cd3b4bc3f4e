/**
 * Text helpers shared by the safety rules: one normalisation so every lexicon can be written in
 * plain lower-case ASCII ("can't", "im", "dont") whatever keyboard or speech-to-text produced it.
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences: the unit for "resolved" and "hypothetical" context. */
export function splitSentences(normalized: string): string[] {
  return normalized
    .split(/(?<=[.!?;\n])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Clauses: the unit for negation scope ("no rash but my throat is swelling" negates only "rash"). */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(/,|\s-\s|\b(?:but|though|although|however|except)\b/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}
