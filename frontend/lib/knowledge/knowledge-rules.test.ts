import { documentProblems, excerpt, hasIngestingDocuments, ingestionPercent, MAX_UPLOAD_BYTES, statusLabel, uploadProblem } from './knowledge-rules';

describe('uploadProblem', () => {
  it.each([
    ['policy.md', 10],
    ['POLICY.MARKDOWN', 10],
    ['notes.txt', 10],
    ['page.HTML', 10],
    ['old.htm', 10],
    ['leaflet.pdf', MAX_UPLOAD_BYTES],
  ])('accepts %s', (name, size) => {
    expect(uploadProblem({ name, size })).toBeNull();
  });

  it.each([
    ['letter.docx', 'not a supported file type'],
    ['README', 'not a supported file type'],
    ['image.png', 'not a supported file type'],
  ])('refuses %s by type', (name, message) => {
    expect(uploadProblem({ name, size: 10 })).toContain(message);
  });

  it('refuses empty and oversized files', () => {
    expect(uploadProblem({ name: 'a.md', size: 0 })).toBe('a.md is empty.');
    expect(uploadProblem({ name: 'a.pdf', size: MAX_UPLOAD_BYTES + 1 })).toBe('a.pdf is larger than 10 MB.');
  });
});

describe('ingestion progress', () => {
  const doc = (status: 'pending' | 'processing' | 'ready' | 'failed', chunksEmbedded: number, chunksTotal: number) => ({
    status,
    progress: { chunksEmbedded, chunksTotal },
  });

  it('polls only while something is pending or processing', () => {
    expect(hasIngestingDocuments([doc('ready', 3, 3), doc('failed', 0, 0)])).toBe(false);
    expect(hasIngestingDocuments([doc('ready', 3, 3), doc('pending', 0, 0)])).toBe(true);
    expect(hasIngestingDocuments([doc('processing', 1, 4)])).toBe(true);
    expect(hasIngestingDocuments([])).toBe(false);
  });

  it.each([
    [doc('pending', 0, 0), 0, 'Queued'],
    [doc('processing', 0, 0), 0, 'Ingesting'],
    [doc('processing', 1, 4), 25, 'Ingesting 1/4'],
    [doc('ready', 4, 4), 100, 'Ready'],
    [doc('ready', 0, 0), 100, 'Ready'],
    [doc('failed', 2, 4), 50, 'Failed'],
  ])('%j → %i%% "%s"', (document, percent, label) => {
    expect(ingestionPercent(document)).toBe(percent);
    expect(statusLabel(document)).toBe(label);
  });
});

describe('excerpt', () => {
  it('keeps short text and flattens whitespace', () => {
    expect(excerpt('  Free parking\n\nbehind   the clinic ')).toBe('Free parking behind the clinic');
  });

  it('cuts long text at a word boundary', () => {
    const text = 'word '.repeat(100);
    const cut = excerpt(text, 42);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(43);
  });
});

describe('documentProblems', () => {
  it('needs a one-line title and some content', () => {
    expect(documentProblems({ title: ' ', content: ' \n' })).toEqual({ title: 'Enter a title.', content: 'Enter the document text.' });
    expect(documentProblems({ title: 'Two\nlines', content: 'x' })).toEqual({ title: 'The title must be a single line.' });
    expect(documentProblems({ title: 'x'.repeat(301), content: 'x' }).title).toContain('300');
    expect(documentProblems({ title: 'Parking', content: 'Free' })).toEqual({});
  });
});
