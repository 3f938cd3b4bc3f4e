import type { TranscriptEventData, TranscriptRole } from './clinic-event';

/**
 * A call's transcript as it streams: final segments in `seq` order, then at most one partial per
 * speaker. A partial carries the seq its final will get, so the final replaces it in place; the
 * next partial of the same speaker replaces the previous one.
 */
export type TranscriptLine = {
  seq: number;
  role: TranscriptRole;
  text: string;
  isFinal: boolean;
  /** Arrived over the socket (animated word by word), as opposed to loaded with the call. */
  isStreamed: boolean;
};

export function lineKey(line: Pick<TranscriptLine, 'seq' | 'role'>): string {
  return `${line.role}-${line.seq}`;
}

function bySeq(a: TranscriptLine, b: TranscriptLine): number {
  return a.seq - b.seq || a.role.localeCompare(b.role);
}

export function applyTranscriptPart(lines: readonly TranscriptLine[], part: TranscriptEventData): TranscriptLine[] {
  const finals = lines.filter((line) => line.isFinal);
  const partials = lines.filter((line) => !line.isFinal);
  if (finals.some((line) => line.seq === part.seq)) return lines as TranscriptLine[];
  const line: TranscriptLine = { seq: part.seq, role: part.role, text: part.text, isFinal: part.final, isStreamed: true };
  const otherPartials = partials.filter((partial) => partial.role !== part.role);
  if (part.final) {
    return [...[...finals, line].sort(bySeq), ...otherPartials.filter((partial) => partial.seq !== part.seq || partial.role !== part.role)];
  }
  return [...finals, ...[...otherPartials, line].sort(bySeq)];
}

/**
 * Stored finals (from the call detail) merged into what streamed in: a final already shown is kept
 * as is (so its animation is not restarted); partials a stored final supersedes are dropped.
 */
export function mergeStoredTranscript(
  lines: readonly TranscriptLine[],
  stored: ReadonlyArray<{ seq: number; role: TranscriptRole; text: string }>,
): TranscriptLine[] {
  const finals = new Map<number, TranscriptLine>();
  for (const segment of stored) finals.set(segment.seq, { ...segment, isFinal: true, isStreamed: false });
  for (const line of lines) {
    if (!line.isFinal) continue;
    const storedLine = finals.get(line.seq);
    if (!storedLine || line.isStreamed) finals.set(line.seq, line);
  }
  const partials = lines.filter((line) => !line.isFinal && !finals.has(line.seq));
  return [...[...finals.values()].sort(bySeq), ...partials.sort(bySeq)];
}
