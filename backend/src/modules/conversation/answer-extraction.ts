import { analyzeText } from '../knowledge/search-vocabulary';

/**
 * Extractive answers: the clinic's own sentences, never generated text. Picks the sentences of
 * the retrieved chunks that share most words with the question (shared concepts counting half), so the
 * reply quotes the knowledge base and can cite it.
 */
export type AnswerSource = { chunkId: string; content: string };
export type ExtractedAnswer = { text: string; chunkIds: string[]; overlap: number };

function tableRowToSentence(line: string, header: string[] | undefined): string {
  const cells = line.split('|').map((cell) => cell.trim()).filter(Boolean);
  if (!header || header.length !== cells.length) return cells.join(', ');
  const [first, ...rest] = cells;
  return `${first}: ${rest.join(', ')}`;
}

/** The chunk's body (its heading-path line dropped) as sentences; table rows become sentences. */
export function sentencesOf(content: string): string[] {
  const lines = content.split('\n').slice(1);
  const sentences: string[] = [];
  let header: string[] | undefined;
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (!line) {
      header = undefined;
      continue;
    }
    if (line.startsWith('|')) {
      if (/^\|[\s:|-]+\|?$/.test(line)) continue; // separator row
      if (!header) {
        header = line.split('|').map((cell) => cell.trim()).filter(Boolean);
        continue;
      }
      sentences.push(tableRowToSentence(line, header));
      continue;
    }
    const text = line.replace(/^[-*]\s+|^#+\s+|\*\*/g, '');
    sentences.push(...(text.match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? []).map((sentence) => sentence.trim()));
  }
  return sentences.filter((sentence) => sentence.length > 3);
}

export function extractAnswer(question: string, sources: AnswerSource[], maxSentences = 2): ExtractedAnswer | undefined {
  const asked = analyzeText(question);
  const askedStems = new Set(asked.stems);
  const askedConcepts = new Set(asked.concepts);
  const scored: { sentence: string; chunkId: string; score: number; rank: number }[] = [];
  sources.forEach((source, rank) => {
    for (const sentence of sentencesOf(source.content)) {
      const said = analyzeText(sentence);
      let score = 0;
      for (const stem of new Set(said.stems)) if (askedStems.has(stem)) score += 1;
      for (const concept of new Set(said.concepts)) if (askedConcepts.has(concept)) score += 0.5;
      if (score > 0) scored.push({ sentence, chunkId: source.chunkId, score: score - rank * 0.25, rank });
    }
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return undefined;
  const chosen = scored.filter((item) => item.chunkId === best.chunkId).slice(0, maxSentences);
  // Table rows become sentences without a full stop; give every sentence one so replies read
  // (and are counted) as sentences.
  const text = chosen.map((item) => (/[.!?]$/.test(item.sentence) ? item.sentence : `${item.sentence}.`)).join(' ');
  return { text, chunkIds: [best.chunkId], overlap: best.score };
}
