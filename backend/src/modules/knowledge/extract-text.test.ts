import { AppError } from '../../platform/errors';
import { buildPdf } from '../../../test/support/pdf-builder';
import { extractText } from './extract-text';

async function extractionError(file: Parameters<typeof extractText>[0]): Promise<AppError> {
  const error: unknown = await extractText(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const file = (filename: string, content: string | Buffer, mimeType = 'application/octet-stream') => ({
  filename,
  mimeType,
  buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
});

describe('extractText: Markdown and plain text', () => {
  it('keeps Markdown as written, without BOM or CRLF, titled by its first # heading', async () => {
    const markdown = '\uFEFF```bash\r\n# not a title\r\n```\r\n# Aftercare   \r\n\r\n\r\n\r\n\r\nNo make-up for **12 hours**.\t\r\n';
    await expect(extractText(file('aftercare.md', markdown))).resolves.toEqual({
      title: 'Aftercare',
      content: '```bash\n# not a title\n```\n# Aftercare\n\nNo make-up for **12 hours**.',
      sourceType: 'markdown',
    });
  });

  it('has no title when the Markdown has no level-one heading', async () => {
    const result = await extractText(file('faq.md', '## Parking\n\nFree after 6pm.'));
    expect(result.title).toBeUndefined();
  });

  it('reads plain text untitled and removes control characters but keeps tabs', async () => {
    const result = await extractText(file('hours.txt', 'Mon\t9–5\u0007\nTue\t9–5\u001b\n'));
    expect(result).toEqual({ title: undefined, content: 'Mon\t9–5\nTue\t9–5', sourceType: 'text' });
  });

  it('reads an 8-bit Windows text export', async () => {
    const result = await extractText(file('prices.txt', Buffer.from('Consultation \xa350', 'latin1')));
    expect(result.content).toBe('Consultation £50');
  });

  it('refuses binary data that claims to be text', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await extractionError(file('photo.txt', binary))).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    const invalidUtf8 = Buffer.from(Array.from({ length: 400 }, (_, index) => 0x80 + (index % 64)));
    expect(await extractionError(file('noise.txt', invalidUtf8))).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a file without text', async () => {
    expect(await extractionError(file('empty.txt', ' \n\t\n'))).toMatchObject({ code: 'INVALID_INPUT', message: 'The file has no text' });
  });
});

describe('extractText: choosing the reader', () => {
  it('goes by the extension first, then the mime type', async () => {
    expect((await extractText(file('notes.MD', '# Hi', 'text/plain'))).sourceType).toBe('markdown');
    expect((await extractText(file('upload', '<p>Hi</p>', 'text/html; charset=utf-8'))).sourceType).toBe('html');
    expect((await extractText(file('notes.csv', 'a,b', 'text/plain'))).sourceType).toBe('text');
  });

  it.each([
    ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['photo.jpg', 'image/jpeg'],
    ['no-extension', 'constructor'],
  ])('refuses %s (%s)', async (filename, mimeType) => {
    expect(await extractionError(file(filename, 'x', mimeType))).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
      message: 'Supported files: .md, .txt, .html, .pdf',
    });
  });
});

describe('extractText: HTML', () => {
  const page = `<!DOCTYPE html>
<html><head><title>Prices &amp; Treatments</title><style>body { color: red }</style>
<script>alert(1)</script></head>
<body>
  <nav><a href="/">Home</a> | <a href="/book">Book</a></nav>
  <h1>Our prices</h1>
  <p>Fish &amp; chips&nbsp;aside, we&rsquo;re open &lt;b&gt;late&lt;/b&gt; on Thursdays.</p>
  <noscript>Enable JavaScript</noscript>
  <table>
    <thead><tr><th>Treatment</th><th>Price</th></tr></thead>
    <tbody>
      <tr><td>Lip filler (1 ml)</td><td>&pound;280</td></tr>
      <tr><td>Consultation<br>with a nurse</td><td>Free</td></tr>
    </tbody>
  </table>
  <p>Book at <a href="https://clinic.example/book">our site</a> or <a href="javascript:alert(2)">here</a>.</p>
  <svg><text>svg text</text></svg><iframe src="https://ads.example"></iframe>
  <template><p>template text</p></template>
  <img src="data:image/png;base64,AAAA" alt="Clinic front door">
  <script type="text/javascript">document.write('<p>injected</p>')</script>
</body></html>`;

  it('converts to Markdown with a GFM table, decoded entities and nothing executable', async () => {
    const result = await extractText(file('prices.html', page, 'text/html'));
    expect(result.sourceType).toBe('html');
    expect(result.title).toBe('Prices & Treatments');
    expect(result.content).toContain('# Our prices');
    expect(result.content).toContain('Fish & chips aside, we’re open \\<b>late\\</b> on Thursdays.');
    expect(result.content).toContain('| Treatment | Price |\n| --- | --- |\n| Lip filler (1 ml) | £280 |\n| Consultation with a nurse | Free |');
    expect(result.content).toContain('Book at [our site](https://clinic.example/book) or here.');
    expect(result.content).toContain('Clinic front door');
    for (const unwanted of ['alert', 'color: red', 'Enable JavaScript', 'svg text', 'template text', 'injected', 'Home', 'data:image', '&amp;', '&pound;']) {
      expect(result.content).not.toContain(unwanted);
    }
    expect(result.content).not.toMatch(/(?<!\\)<\/?[a-z][^>]*>/i);
  });

  it('falls back to the first <h1> for the title', async () => {
    const result = await extractText(file('aftercare.htm', '<h2>Intro</h2><h1>After <em>your</em> peel</h1><h1>Second</h1>'));
    expect(result.title).toBe('After your peel');
  });

  it('renders layout tables as their content rather than as HTML', async () => {
    const layout = '<table><tr><td><h2>Hours</h2><ul><li>Mon 9–5</li><li>Tue 9–5</li></ul></td><td><p>Call us</p></td></tr></table>';
    const result = await extractText(file('layout.html', layout));
    expect(result.content).toBe('## Hours\n\n-   Mon 9–5\n-   Tue 9–5\n\nCall us');
  });
});

describe('extractText: PDF', () => {
  it('reads the text of every page, joined by a blank line, titled from the metadata', async () => {
    const pdf = buildPdf({
      title: 'Price list 2026',
      pages: [['Lip filler (1 ml) costs \xa3280', 'Aftercare: avoid strenuous exer-', 'cise for 24 hours.'], ['Second page: Botox from \xa3180']],
    });
    const result = await extractText(file('prices.pdf', pdf, 'application/pdf'));
    expect(result).toEqual({
      title: 'Price list 2026',
      content: 'Lip filler (1 ml) costs £280\nAftercare: avoid strenuous exercise for 24 hours.\n\nSecond page: Botox from £180',
      sourceType: 'pdf',
    });
  });

  it('has no title when the PDF has no Title metadata', async () => {
    const result = await extractText(file('upload', buildPdf({ pages: [['Hello']] }), 'application/pdf'));
    expect(result).toMatchObject({ title: undefined, content: 'Hello', sourceType: 'pdf' });
  });

  it('refuses a corrupt PDF with a short reason', async () => {
    const corrupt = buildPdf({ pages: [['Hello']] }).subarray(0, 60);
    expect(await extractionError(file('broken.pdf', corrupt))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Could not read the PDF: the file is damaged or is not a PDF',
    });
    expect(await extractionError(file('fake.pdf', 'just some text'))).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses an encrypted PDF', async () => {
    const error = await extractionError(file('locked.pdf', buildPdf({ pages: [['Secret']], encrypt: true })));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'Could not read the PDF: it is encrypted or password-protected' });
  });

  it('refuses a PDF without any text, such as a scan', async () => {
    const error = await extractionError(file('scan.pdf', buildPdf({ pages: [[], []] })));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'The PDF has no text to read (scanned images are not supported)' });
  });
});
