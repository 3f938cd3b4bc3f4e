import { createHash } from 'node:crypto';
import { chunkDocument, splitSentences, type Chunk } from './chunking';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const paths = (chunks: Chunk[]) => chunks.map((chunk) => chunk.headingPath.join(' › '));
const bodyOf = (chunk: Chunk) => chunk.content.slice(chunk.content.indexOf('\n') + 1);

const sentences = (count: number, topic: string) =>
  Array.from({ length: count }, (_, index) => `Sentence ${index + 1} explains ${topic} in some detail for patients.`).join(' ');

describe('chunkDocument: heading paths', () => {
  it.each([
    [
      'an H1 becomes the root and replaces the title',
      { title: 'Ignored title', content: '# Price list\n\nIntro.\n\n## Fillers\n\nLip filler £280.\n\n### Notes\n\nDr Hart only.' },
      ['Price list', 'Price list › Fillers', 'Price list › Fillers › Notes'],
    ],
    [
      'without an H1 the title is the root',
      { title: 'Getting here', content: 'Intro.\n\n## Parking\n\nNo parking on site.\n\n## Tube\n\nOxford Circus.' },
      ['Getting here', 'Getting here › Parking', 'Getting here › Tube'],
    ],
    [
      'plain text without headings is one section under the title',
      { title: 'Policies', content: 'We need 48 hours notice.\nNo cash.' },
      ['Policies'],
    ],
    [
      'setext headings count like # and ##',
      { title: 'T', content: 'Opening hours\n=============\n\nMon–Fri.\n\nSaturday\n--------\n\n10:00–14:00.' },
      ['Opening hours', 'Opening hours › Saturday'],
    ],
    [
      'a heading with nothing below merges into its first child',
      { title: 'T', content: '# FAQ\n\n## Payments\n\n### Cash\n\nNo cash.\n\n### Klarna\n\nOver £250.' },
      ['FAQ › Payments › Cash', 'FAQ › Payments › Klarna'],
    ],
    [
      'a deeper heading closes sibling sections at its level',
      { title: 'T', content: '# A\n\n## B\n\nb.\n\n### C\n\nc.\n\n## D\n\nd.' },
      ['A › B', 'A › B › C', 'A › D'],
    ],
    [
      'hashes inside a code fence are not headings',
      { title: 'T', content: '## Setup\n\n```\n# not a heading\n```\n\nDone.' },
      ['T › Setup'],
    ],
    [
      'emphasis is dropped from heading text',
      { title: 'T', content: '## **Parking**\n\nNone on site.' },
      ['T › Parking'],
    ],
  ])('%s', (_label, document, expected) => {
    expect(paths(chunkDocument(document))).toEqual(expected);
  });

  it('starts every chunk with its heading path line, then the section text without the heading', () => {
    const chunks = chunkDocument({ title: 'x', content: '# Price list — Harley Street Aesthetics\n\n## Dermal filler prices\n\n| Lip filler | £280 |' });
    expect(chunks.map((chunk) => chunk.content)).toEqual([
      'Price list — Harley Street Aesthetics › Dermal filler prices\n| Lip filler | £280 |',
    ]);
  });

  it('keeps a heading with no body and no children as a chunk of its own', () => {
    const chunks = chunkDocument({ title: 'T', content: '## Closed on bank holidays\n\n## Parking\n\nNone.' });
    expect(chunks.map((chunk) => chunk.content)).toEqual(['T › Closed on bank holidays', 'T › Parking\nNone.']);
  });

  it('returns nothing for an empty document', () => {
    expect(chunkDocument({ title: 'T', content: ' \n\n ' })).toEqual([]);
  });
});

describe('chunkDocument: sizes, overlap and structure', () => {
  const options = { targetChars: 300, maxChars: 500, overlapChars: 80 };

  it('keeps a section up to maxChars whole', () => {
    const text = sentences(6, 'parking');
    expect(text.length).toBeLessThan(500);
    const chunks = chunkDocument({ title: 'T', content: `## Parking\n\n${text}` }, options);
    expect(chunks).toHaveLength(1);
    expect(bodyOf(chunks[0]!)).toBe(text);
  });

  it('splits a long section at sentence boundaries, repeating the previous tail sentence', () => {
    const chunks = chunkDocument({ title: 'T', content: `## Aftercare\n\n${sentences(20, 'aftercare')}` }, options);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.headingPath).toEqual(['T', 'Aftercare']);
      expect(chunk.content.length).toBeLessThanOrEqual(options.maxChars);
      expect(bodyOf(chunk)).toMatch(/^Sentence \d+ .*patients\.$/);
    }
    for (let index = 1; index < chunks.length; index++) {
      const previousSentences = splitSentences(bodyOf(chunks[index - 1]!));
      expect(bodyOf(chunks[index]!).startsWith(previousSentences[previousSentences.length - 1]!)).toBe(true);
    }
  });

  it('prefers paragraph boundaries over sentence boundaries', () => {
    const paragraphs = ['First paragraph about deposits is here.', 'Second paragraph about cancelling.', 'Third about cash.'];
    const content = `## Policy\n\n${paragraphs.map((paragraph) => `${paragraph} ${'Filler words. '.repeat(5).trim()}`).join('\n\n')}`;
    const chunks = chunkDocument({ title: 'T', content }, { targetChars: 160, maxChars: 200, overlapChars: 20 });
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, index) => expect(bodyOf(chunk)).toContain(paragraphs[index]!.slice(0, 10)));
  });

  it('repeats the header row in every piece of a split table and never cuts a row', () => {
    const rows = Array.from({ length: 30 }, (_, index) => `| Treatment number ${index + 1} | 30 min | £${100 + index} |`);
    const header = '| Treatment | Duration | Price |\n|---|---|---|';
    const chunks = chunkDocument({ title: 'Price list', content: `## Prices\n\n${header}\n${rows.join('\n')}` }, options);
    expect(chunks.length).toBeGreaterThan(2);
    const seen = new Set<string>();
    for (const chunk of chunks) {
      const lines = bodyOf(chunk).split('\n');
      expect(lines.slice(0, 2).join('\n')).toBe(header);
      for (const line of lines.slice(2)) {
        expect(rows).toContain(line);
        seen.add(line);
      }
    }
    expect([...seen].sort()).toEqual([...rows].sort());
  });

  it('never splits a list item, even one with continuation lines', () => {
    const items = Array.from({ length: 20 }, (_, index) => `- Item ${index + 1} about laser sessions\n  continued on a second line.`);
    const chunks = chunkDocument({ title: 'T', content: `## Laser\n\n${items.join('\n')}` }, options);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const body = bodyOf(chunk);
      for (const item of body.split(/\n(?=- )/)) expect(items).toContain(item);
    }
  });

  it('cuts a single row longer than maxChars at word boundaries', () => {
    const row = `| ${'very long cell '.repeat(60).trim()} | £1 |`;
    const chunks = chunkDocument({ title: 'T', content: `## Big\n\n| A | B |\n|---|---|\n${row}` }, options);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.content.length).toBeLessThanOrEqual(options.maxChars);
    expect(chunks.map(bodyOf).join(' ')).toContain('£1 |');
  });

  it('normalises Windows line endings', () => {
    const chunks = chunkDocument({ title: 'T', content: '## A\r\n\r\nLine one.\r\nLine two.' });
    expect(chunks[0]!.content).toBe('T › A\nLine one.\nLine two.');
  });
});

describe('chunkDocument: identity', () => {
  const document = { title: 'FAQ', content: '## Parking\n\nNone on site.\n\n## Hours\n\nMon–Fri 09:00–18:00.' };

  it('numbers chunks by position and hashes their content', () => {
    const chunks = chunkDocument(document);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([0, 1]);
    for (const chunk of chunks) expect(chunk.contentSha256).toBe(sha256(chunk.content));
  });

  it('is deterministic', () => {
    expect(chunkDocument(document)).toEqual(chunkDocument({ ...document }));
  });

  it('keeps the hash of an unchanged section when another section changes', () => {
    const before = chunkDocument(document);
    const after = chunkDocument({ ...document, content: document.content.replace('None on site.', 'Two spaces.') });
    expect(after[0]!.contentSha256).not.toBe(before[0]!.contentSha256);
    expect(after[1]!.contentSha256).toBe(before[1]!.contentSha256);
  });
});

describe('splitSentences', () => {
  it.each([
    ['Dr. Hart treats you. Then we review.', ['Dr. Hart treats you.', 'Then we review.']],
    ['Bring ID, e.g. a passport. Thanks!', ['Bring ID, e.g. a passport.', 'Thanks!']],
    ['It costs £280. Is that ok? Yes.', ['It costs £280.', 'Is that ok?', 'Yes.']],
    ['Open 9 a.m. daily. closed Sundays', ['Open 9 a.m. daily. closed Sundays']],
  ])('%s', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});
