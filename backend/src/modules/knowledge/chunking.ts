import { createHash } from 'node:crypto';

export type Chunk = { ordinal: number; headingPath: string[]; content: string; contentSha256: string };

export type ChunkingOptions = { targetChars?: number; maxChars?: number; overlapChars?: number };

/**
 * Measured on the sample knowledge bases flattened to plain text (no headings, the shape PDFs
 * arrive in), where the packer alone decides the boundaries: vector-only recall@3 peaked between
 * ~500 and ~800 characters and fell off past ~1,000, where unrelated facts start sharing a chunk
 * and dilute each other's embedding. A section up to maxChars stays whole because a heading is a
 * better boundary than any size rule.
 */
export const DEFAULT_CHUNKING_OPTIONS: Required<ChunkingOptions> = { targetChars: 700, maxChars: 1500, overlapChars: 150 };

export const HEADING_PATH_SEPARATOR = ' › ';

type Section = { headingPath: string[]; lines: string[]; isHeading: boolean };
type BlockKind = 'paragraph' | 'list' | 'table' | 'code';
type Block = { kind: BlockKind; lines: string[] };
/** A piece of a block that is never split further (unless it alone exceeds maxChars). */
type Unit = { text: string; kind: BlockKind; blockIndex: number; tableHeader?: string };
type Limits = { target: number; max: number; overlap: number };

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const LIST_ITEM = /^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'vs', 'etc', 'eg', 'ie', 'approx', 'prof', 'inc', 'ltd', 'mt']);

export function chunkDocument(document: { title: string; content: string }, options: ChunkingOptions = {}): Chunk[] {
  const { targetChars, maxChars, overlapChars } = { ...DEFAULT_CHUNKING_OPTIONS, ...options };
  const max = Math.max(maxChars, targetChars);
  const chunks: Chunk[] = [];
  const sections = splitSections(document.title, document.content);
  sections.forEach((section, index) => {
    const body = trimBlankLines(section.lines);
    const headingLine = section.headingPath.join(HEADING_PATH_SEPARATOR);
    if (body.length === 0) {
      // A heading with nothing below it: its children already carry it in their heading path.
      const next = sections[index + 1];
      const hasChild = next !== undefined && next.headingPath.length > section.headingPath.length;
      if (section.isHeading && !hasChild && headingLine) chunks.push(makeChunk(chunks.length, section.headingPath, headingLine, ''));
      return;
    }
    const blocks = parseBlocks(body);
    const whole = renderBlocks(blocks);
    const headingCost = headingLine ? headingLine.length + 1 : 0;
    const pieces =
      headingCost + whole.length <= max
        ? [whole]
        : packBlocks(blocks, {
            target: Math.max(targetChars - headingCost, Math.floor(targetChars / 2)),
            max: Math.max(max - headingCost, Math.floor(max / 2)),
            overlap: overlapChars,
          });
    for (const piece of pieces) chunks.push(makeChunk(chunks.length, section.headingPath, headingLine, piece));
  });
  return chunks;
}

function makeChunk(ordinal: number, headingPath: string[], headingLine: string, body: string): Chunk {
  const content = headingLine ? (body ? `${headingLine}\n${body}` : headingLine) : body;
  return { ordinal, headingPath: [...headingPath], content, contentSha256: createHash('sha256').update(content).digest('hex') };
}

function splitSections(title: string, content: string): Section[] {
  const lines = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const stack: { level: number; text: string }[] = title.trim() ? [{ level: 1, text: cleanHeading(title) }] : [];
  const sections: Section[] = [{ headingPath: stack.map((entry) => entry.text), lines: [], isHeading: false }];
  let fence: string | null = null;
  const startSection = (level: number, text: string) => {
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text });
    sections.push({ headingPath: stack.map((entry) => entry.text), lines: [], isHeading: true });
  };
  for (const rawLine of lines) {
    const line = rawLine.replace(/\s+$/, '');
    const current = sections[sections.length - 1]!;
    const fenceMatch = FENCE.exec(line);
    if (fence !== null || fenceMatch) {
      if (fence === null) fence = fenceMatch![1]!;
      else if (line.trim().startsWith(fence)) fence = null;
      current.lines.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    const atxText = atx ? cleanHeading(atx[2] ?? '') : '';
    if (atx && atxText) {
      startSection(atx[1]!.length, atxText);
      continue;
    }
    const setext = SETEXT_UNDERLINE.exec(line);
    const previous = current.lines[current.lines.length - 1];
    const beforePrevious = current.lines[current.lines.length - 2];
    if (setext && previous && isPlainTextLine(previous) && (beforePrevious === undefined || beforePrevious.trim() === '')) {
      current.lines.pop();
      startSection(setext[1]!.startsWith('=') ? 1 : 2, cleanHeading(previous));
      continue;
    }
    current.lines.push(line);
  }
  return sections;
}

function isPlainTextLine(line: string): boolean {
  return line.trim() !== '' && !LIST_ITEM.test(line) && !FENCE.test(line) && !line.includes('|') && !/^ {4}/.test(line) && !/^\s*>/.test(line);
}

function cleanHeading(text: string): string {
  return text.replace(/[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}/g, '').replace(/\s+/g, ' ').trim();
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '' || THEMATIC_BREAK.test(line)) {
      index++;
    } else if (FENCE.test(line)) {
      const marker = FENCE.exec(line)![1]!;
      const end = lines.findIndex((candidate, at) => at > index && candidate.trim().startsWith(marker));
      const stop = end === -1 ? lines.length : end + 1;
      blocks.push({ kind: 'code', lines: lines.slice(index, stop) });
      index = stop;
    } else if (isTableStart(lines, index)) {
      const start = index;
      while (index < lines.length && lines[index]!.includes('|') && lines[index]!.trim() !== '') index++;
      blocks.push({ kind: 'table', lines: lines.slice(start, index) });
    } else if (LIST_ITEM.test(line)) {
      const start = index;
      index++;
      while (index < lines.length) {
        const candidate = lines[index]!;
        if (candidate.trim() !== '') {
          if (isTableStart(lines, index) || FENCE.test(candidate) || THEMATIC_BREAK.test(candidate)) break;
          index++;
          continue;
        }
        const nextText = lines.slice(index).find((rest) => rest.trim() !== '');
        if (nextText === undefined || !(LIST_ITEM.test(nextText) || /^\s{2,}\S/.test(nextText))) break;
        index++;
      }
      blocks.push({ kind: 'list', lines: trimBlankLines(lines.slice(start, index)) });
    } else {
      const start = index;
      index++;
      while (index < lines.length) {
        const candidate = lines[index]!;
        if (candidate.trim() === '' || LIST_ITEM.test(candidate) || FENCE.test(candidate) || isTableStart(lines, index)) break;
        index++;
      }
      blocks.push({ kind: 'paragraph', lines: lines.slice(start, index) });
    }
  }
  return blocks;
}

function isTableStart(lines: string[], index: number): boolean {
  const line = lines[index]!;
  if (!line.includes('|')) return false;
  return line.trim().startsWith('|') || TABLE_SEPARATOR.test(lines[index + 1] ?? '');
}

function renderBlocks(blocks: Block[]): string {
  return blocks.map((block) => block.lines.join('\n')).join('\n\n');
}

/** Packs a long section into pieces of about `target` characters along its own structure. */
function packBlocks(blocks: Block[], limits: Limits): string[] {
  const units = blocks.flatMap((block, blockIndex) => splitBlock(block, blockIndex, limits));
  const pieces: Unit[][] = [];
  let current: Unit[] = [];
  for (const unit of units) {
    if (current.length > 0 && renderUnits([...current, unit]).length > limits.target) {
      pieces.push(current);
      current = startNextPiece(current, unit, limits);
    } else {
      current.push(unit);
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces.map(renderUnits);
}

/**
 * The next piece repeats the previous piece's closing sentences when it ended in prose, and a
 * table's header row when it continues a table. Rows and list items are not repeated: each is a
 * fact of its own, and a copy in two chunks would only crowd other results out of the top k.
 */
function startNextPiece(previous: Unit[], unit: Unit, limits: Limits): Unit[] {
  const last = previous[previous.length - 1]!;
  const header: Unit[] =
    unit.kind === 'table' && unit.tableHeader !== undefined && !unit.text.startsWith(unit.tableHeader)
      ? [{ text: unit.tableHeader, kind: 'table', blockIndex: unit.blockIndex }]
      : [];
  if (last.kind !== 'paragraph') return [...header, unit];
  const withOverlap = [{ ...last, text: tailOf(last.text, limits.overlap) }, ...header, unit];
  return renderUnits(withOverlap).length <= limits.max ? withOverlap : [...header, unit];
}

/** The last whole sentences within `overlapChars`, or the last words when one sentence is longer. */
function tailOf(text: string, overlapChars: number): string {
  const sentences = splitSentences(text);
  let tail = '';
  for (let at = sentences.length - 1; at >= 0; at--) {
    const candidate = tail ? `${sentences[at]} ${tail}` : sentences[at]!;
    if (candidate.length > overlapChars) break;
    tail = candidate;
  }
  return tail || `…${text.slice(-overlapChars).replace(/^\S*\s+/, '')}`;
}

function renderUnits(units: Unit[]): string {
  let text = '';
  units.forEach((unit, index) => {
    const previous = units[index - 1];
    if (previous === undefined) text = unit.text;
    else if (previous.blockIndex !== unit.blockIndex) text += `\n\n${unit.text}`;
    else text += unit.kind === 'paragraph' ? ` ${unit.text}` : `\n${unit.text}`;
  });
  return text;
}

function splitBlock(block: Block, blockIndex: number, limits: Limits): Unit[] {
  const whole = block.lines.join('\n');
  if (whole.length <= limits.target) return [{ text: whole, kind: block.kind, blockIndex }];
  if (block.kind === 'paragraph') {
    return splitSentences(block.lines.map((line) => line.trim()).join(' '))
      .flatMap((sentence) => splitOversized(sentence, limits))
      .map((text) => ({ text, kind: 'paragraph' as const, blockIndex }));
  }
  if (block.kind === 'table') {
    const headerSize = TABLE_SEPARATOR.test(block.lines[1] ?? '') ? 2 : 0;
    const tableHeader = headerSize ? block.lines.slice(0, headerSize).join('\n') : undefined;
    const rows = block.lines.slice(headerSize).flatMap((row) => splitOversized(row, limits));
    const units: Unit[] = rows.map((text) => ({ text, kind: 'table', blockIndex, tableHeader }));
    if (tableHeader !== undefined && units[0]) units[0] = { ...units[0], text: `${tableHeader}\n${units[0].text}` };
    return units;
  }
  const items = block.kind === 'list' ? groupListItems(block.lines) : block.lines;
  return items.flatMap((item) => splitOversized(item, limits)).map((text) => ({ text, kind: block.kind, blockIndex }));
}

/** Top-level list items, each with its continuation lines and nested items. */
function groupListItems(lines: string[]): string[] {
  const baseIndent = LIST_ITEM.exec(lines[0]!)?.[1]?.length ?? 0;
  const items: string[][] = [];
  for (const line of lines) {
    const marker = LIST_ITEM.exec(line);
    if ((marker && marker[1]!.length <= baseIndent) || items.length === 0) items.push([line]);
    else items[items.length - 1]!.push(line);
  }
  return items.map((item) => trimBlankLines(item).join('\n'));
}

/** Only a unit longer than maxChars is cut, at sentence and then word boundaries. */
function splitOversized(text: string, limits: Limits): string[] {
  if (text.length <= limits.max) return [text];
  const words = splitSentences(text)
    .flatMap((sentence) => (sentence.length > limits.target ? sentence.split(/\s+/) : [sentence]))
    .flatMap((word) => (word.length > limits.target ? (word.match(new RegExp(`[^]{1,${limits.target}}`, 'gu')) ?? []) : [word]));
  const pieces: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > limits.target) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) pieces.push(current);
  return pieces;
}

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?…]+["'”’)\]]*\s+/g;
  let start = 0;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    const end = match.index + match[0].length;
    const wordBefore = /([\p{L}.]+)[.!?…]*["'”’)\]]*$/u.exec(text.slice(start, match.index + match[0].trimEnd().length))?.[1] ?? '';
    const bare = wordBefore.replace(/\./g, '').toLowerCase();
    const nextChar = text.charAt(end);
    const isAbbreviation = match[0].startsWith('.') && (ABBREVIATIONS.has(bare) || bare.length === 1 || wordBefore.slice(0, -1).includes('.'));
    if (isAbbreviation || /\p{Ll}/u.test(nextChar)) continue;
    sentences.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
