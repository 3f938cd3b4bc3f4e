/**
 * Writes a small but valid PDF by hand: Helvetica with WinAnsiEncoding (so "£" is byte 0xA3),
 * one content stream per page, an optional Info dictionary and a byte-exact xref table.
 * `encrypt` adds a Standard security handler whose password check cannot pass.
 */
export function buildPdf(options: { pages: string[][]; title?: string; encrypt?: boolean }): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const escape = (text: string) => text.replace(/[\\()]/g, (char) => `\\${char}`);

  add(''); // 1: catalog, filled in below
  add(''); // 2: page tree
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'); // 3
  const pageIds: number[] = [];
  for (const lines of options.pages) {
    const operators = lines.length
      ? `BT /F1 12 Tf 16 TL 72 720 Td\n${lines.map((line) => `(${escape(line)}) '`).join('\n')}\nET\n`
      : '0.5 w 72 700 m 300 700 l S\n'; // a drawing without any text, like a scanned page
    add(`<< /Length ${Buffer.byteLength(operators, 'latin1')} >>\nstream\n${operators}endstream`);
    const contentId = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`);
    pageIds.push(objects.length);
  }
  objects[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let trailerExtras = '';
  if (options.title) {
    add(`<< /Title (${escape(options.title)}) >>`);
    trailerExtras += ` /Info ${objects.length} 0 R`;
  }
  if (options.encrypt) {
    add(`<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -44 >>`);
    trailerExtras += ` /Encrypt ${objects.length} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
  }

  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = objects.map((body, index) => {
    const offset = Buffer.byteLength(pdf, 'latin1');
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtras} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
