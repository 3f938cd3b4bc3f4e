import path from 'node:path';
import { AppError } from '../../platform/errors';
import { convertHtml } from './extract-html';
import { readPdf } from './extract-pdf';

export type ExtractedDocument = { title: string | undefined; content: string; sourceType: 'markdown' | 'text' | 'html' | 'pdf' };
type SourceType = ExtractedDocument['sourceType'];

const TYPE_BY_EXTENSION = new Map<string, SourceType>([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.txt', 'text'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.pdf', 'pdf'],
]);
const TYPE_BY_MIME = new Map<string, SourceType>([
  ['text/markdown', 'markdown'],
  ['text/x-markdown', 'markdown'],
  ['text/plain', 'text'],
  ['text/html', 'html'],
  ['application/xhtml+xml', 'html'],
  ['application/pdf', 'pdf'],
]);

const MAX_TITLE_CHARS = 300;

/** Reads an uploaded knowledge-base file into normalised text (Markdown for HTML sources). */
export async function extractText(file: { buffer: Buffer; filename: string; mimeType: string }): Promise<ExtractedDocument> {
  const sourceType = detectSourceType(file.filename, file.mimeType);
  const extracted = await extractBySourceType(sourceType, file.buffer);
  const content = normaliseContent(extracted.content);
  if (!content) throw new AppError('INVALID_INPUT', 'The file has no text');
  return { title: cleanTitle(extracted.title), content, sourceType };
}

function detectSourceType(filename: string, mimeType: string): SourceType {
  const sourceType =
    TYPE_BY_EXTENSION.get(path.extname(filename).toLowerCase()) ?? TYPE_BY_MIME.get(mimeType.split(';')[0]!.trim().toLowerCase());
  if (!sourceType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Supported files: .md, .txt, .html, .pdf');
  return sourceType;
}

async function extractBySourceType(sourceType: SourceType, buffer: Buffer): Promise<{ title: string | undefined; content: string }> {
  switch (sourceType) {
    case 'markdown': {
      const content = decodeText(buffer);
      return { title: findFirstMarkdownHeading(content), content };
    }
    case 'text':
      return { title: undefined, content: decodeText(buffer) };
    case 'html':
      return convertHtml(decodeText(buffer));
    case 'pdf':
      return readPdf(buffer);
  }
}

// ---------------------------------------------------------------------------------------------
// Plain text and Markdown

function decodeText(buffer: Buffer): string {
  // Windows editors save "Unicode" text as UTF-16 with a byte-order mark.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer);
  if (looksBinary(buffer)) throw new AppError('INVALID_INPUT', 'The file is not readable text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(buffer);
    const replaced = lenient.match(/\uFFFD/g)?.length ?? 0;
    if (replaced / Math.max(lenient.length, 1) > 0.1) throw new AppError('INVALID_INPUT', 'The file is not readable text');
    // A few stray high bytes in otherwise plain text: an 8-bit Windows export (e.g. "£" as 0xA3).
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

/** NUL bytes or many C0 control bytes never occur in text files; they do in images, archives and documents. */
function looksBinary(buffer: Buffer): boolean {
  const sample = buffer.subarray(0, 64 * 1024);
  let controlBytes = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f) controlBytes++;
  }
  return controlBytes / Math.max(sample.length, 1) > 0.1;
}

function findFirstMarkdownHeading(markdown: string): string | undefined {
  let fence: string | undefined;
  for (const line of markdown.split(/\r\n?|\n/)) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1]![0];
      else if (fenceMatch[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const heading = /^ {0,3}# +(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading?.[1]) return heading[1];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

function normaliseContent(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\uFEFF]/g, '')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+/, '')
      .trimEnd()
  );
}

function cleanTitle(title: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = title?.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned.slice(0, MAX_TITLE_CHARS) : undefined;
}
