import path from 'node:path';
import { Worker } from 'node:worker_threads';
import TurndownService from 'turndown';
// @ts-expect-error -- @joplin/turndown-plugin-gfm ships no type declarations
import { gfm as untypedGfm } from '@joplin/turndown-plugin-gfm';
import { AppError } from '../../platform/errors';

export type ExtractedDocument = { title: string | undefined; content: string; sourceType: 'markdown' | 'text' | 'html' | 'pdf' };
type SourceType = ExtractedDocument['sourceType'];

const gfm: TurndownService.Plugin = untypedGfm;

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

const PDF_TIMEOUT_MS = 30_000;
const PDF_WORKER_MEMORY_MB = 512;
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
// HTML → Markdown

/** The slice of the DOM (turndown parses with domino) that the rules below read. */
type DomNode = {
  nodeName: string;
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  rows?: ArrayLike<DomNode>;
  isBlock?: boolean;
  getAttribute?(name: string): string | null;
};

const DROPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'IFRAME', 'TEMPLATE', 'SVG', 'OBJECT', 'EMBED', 'CANVAS', 'HEAD', 'NAV']);
// Tables holding block content are page layout, not data: rendered as their content instead of a grid.
const LAYOUT_MARKERS = new Set(['UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'BLOCKQUOTE', 'PRE', 'TABLE']);
const TABLE_PARTS = new Set(['TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH', 'CAPTION']);
const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

function isDropped(node: DomNode): boolean {
  if (DROPPED_ELEMENTS.has(node.nodeName.toUpperCase())) return true;
  return node.getAttribute?.('hidden') != null || node.getAttribute?.('aria-hidden') === 'true';
}

function visibleText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeType !== 1 || isDropped(node)) return '';
  return Array.from(node.childNodes, (child) => (child.isBlock ? ` ${visibleText(child)} ` : visibleText(child))).join('');
}

function containsAny(node: DomNode, names: Set<string>): boolean {
  return Array.from(node.childNodes).some((child) => names.has(child.nodeName) || containsAny(child, names));
}

function convertHtml(html: string): { title: string | undefined; content: string } {
  let documentTitle: string | undefined;
  let firstH1: string | undefined;
  const layoutTables = new WeakMap<DomNode, boolean>();
  const isLayoutTable = (table: DomNode): boolean => {
    let layout = layoutTables.get(table);
    if (layout === undefined) {
      layoutTables.set(table, (layout = containsAny(table, LAYOUT_MARKERS)));
      // domino builds `table.rows` afresh on every read and the GFM plugin reads it inside loops,
      // which made a 2,000-row price list take 10 s. Turndown never edits the DOM, so a snapshot is exact.
      Object.defineProperty(table, 'rows', { value: Array.from(table.rows ?? []) });
    }
    return layout;
  };
  const nearestTable = (node: DomNode): DomNode | undefined => {
    for (let current: DomNode | null = node; current; current = current.parentNode) if (current.nodeName === 'TABLE') return current;
    return undefined;
  };

  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    // Nothing may come out as raw HTML: anything "kept" is rendered as its text instead.
    keepReplacement: (content, node) => ((node as DomNode).isBlock ? `\n\n${content}\n\n` : content),
  });
  service.use(gfm);
  // Rules added later win, so these take precedence over the GFM table rules and the defaults.
  service.addRule('layoutTable', {
    filter: (node) => {
      const table = TABLE_PARTS.has(node.nodeName) ? nearestTable(node as DomNode) : undefined;
      return table !== undefined && isLayoutTable(table);
    },
    replacement: (content) => `\n\n${content}\n\n`,
  });
  service.addRule('documentTitle', {
    filter: 'title',
    replacement: (_content, node) => {
      documentTitle ??= visibleText(node as DomNode);
      return '';
    },
  });
  service.addRule('firstH1', {
    filter: 'h1',
    replacement: (content, node) => {
      firstH1 ??= visibleText(node as DomNode);
      return `\n\n# ${content}\n\n`;
    },
  });
  service.addRule('safeLink', {
    filter: 'a',
    replacement: (content, node) => {
      const href = (node as DomNode).getAttribute?.('href')?.trim() ?? '';
      if (!content.trim() || !SAFE_LINK.test(href)) return content;
      return `[${content}](${href.replace(/[()<> ]/g, (char) => encodeURIComponent(char))})`;
    },
  });
  service.addRule('imageAltText', {
    filter: 'img',
    replacement: (_content, node) => service.escape((node as DomNode).getAttribute?.('alt')?.trim() ?? ''),
  });
  service.addRule('dropped', { filter: (node) => isDropped(node as DomNode), replacement: () => '' });

  // Text that merely looks like a tag (`&lt;b&gt;` in the page) is escaped so no Markdown renderer reads it as HTML.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text) => escapeMarkdown(text).replace(/<(?=[A-Za-z/!?])/g, '\\<');

  const markdown = service
    .turndown(html)
    // The GFM table rule joins multi-line cells with <br>; a Markdown table cell has to stay on one line.
    .replace(/[ \t]*(?<!\\)(?:<br>[ \t]*)+/g, ' ')
    .replace(/\u00a0/g, ' ');
  return { title: documentTitle || firstH1, content: markdown };
}

// ---------------------------------------------------------------------------------------------
// PDF

type PdfWorkerResult = { ok: true; title: unknown; pages: string[] } | { ok: false; name: string; message: string };

/*
 * pdf.js runs its "worker" on the calling thread in Node and imports it with a dynamic import(),
 * and pdf-parse patches globals (navigator, DOMMatrix, …) when loaded. A short-lived worker
 * thread keeps all of that, the CPU time and any runaway memory off the HTTP event loop, and
 * can be killed on a timeout. The script is plain CommonJS so it runs without a TypeScript loader.
 * Fonts and CMaps come from the local pdfjs-dist package; fetch is disabled so nothing is downloaded.
 */
const PDF_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const path = require('node:path');
globalThis.fetch = () => Promise.reject(new Error('network access is disabled while reading PDFs'));
const { PDFParse } = require(workerData.pdfParsePath);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json', { paths: [path.dirname(workerData.pdfParsePath)] }));
async function read() {
  const parser = new PDFParse({
    data: workerData.data,
    isEvalSupported: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
  });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText({ pageJoiner: '' });
    return { ok: true, title: info.info && info.info.Title, pages: text.pages.map((page) => page.text) };
  } finally {
    await parser.destroy();
  }
}
read().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ ok: false, name: String(error && error.name), message: String(error && error.message) }),
);
`;

async function readPdf(buffer: Buffer): Promise<{ title: string | undefined; content: string }> {
  const result = await runPdfWorker(buffer);
  if (!result.ok) throw new AppError('INVALID_INPUT', `Could not read the PDF: ${describePdfFailure(result.name)}`);
  const pages = result.pages.map((page) =>
    page
      .replace(/\r\n?/g, '\n')
      // A word hyphenated across a line break ("treat-\nment") is one word again.
      .replace(/(\p{L})[-\u00ad]\n(?=\p{Ll})/gu, '$1')
      .replace(/\u00ad/g, ''),
  );
  const content = pages.map((page) => page.trim()).filter(Boolean).join('\n\n');
  if (!content) throw new AppError('INVALID_INPUT', 'The PDF has no text to read (scanned images are not supported)');
  return { title: typeof result.title === 'string' ? result.title : undefined, content };
}

function describePdfFailure(errorName: string): string {
  switch (errorName) {
    case 'PasswordException':
      return 'it is encrypted or password-protected';
    case 'InvalidPDFException':
    case 'FormatError':
      return 'the file is damaged or is not a PDF';
    case 'Timeout':
      return 'it took too long to read';
    case 'OutOfMemory':
      return 'it is too large to process';
    default:
      return 'the file could not be parsed';
  }
}

function runPdfWorker(buffer: Buffer): Promise<PdfWorkerResult> {
  const data = new Uint8Array(buffer);
  const worker = new Worker(PDF_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { pdfParsePath: require.resolve('pdf-parse'), data },
    transferList: [data.buffer],
    resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_MEMORY_MB },
    stdout: true,
    stderr: true,
  });
  // pdf.js reports recoverable problems on the console; the outcome arrives as a message.
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise<PdfWorkerResult>((resolve) => {
    let isSettled = false;
    const finish = (result: PdfWorkerResult) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, name: 'Timeout', message: 'timed out' }), PDF_TIMEOUT_MS);
    worker.on('message', (result: PdfWorkerResult) => finish(result));
    worker.on('error', (error: Error & { code?: string }) =>
      finish({ ok: false, name: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'OutOfMemory' : error.name, message: error.message }),
    );
    worker.on('exit', () => finish({ ok: false, name: 'Exit', message: 'the PDF reader stopped' }));
  });
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
