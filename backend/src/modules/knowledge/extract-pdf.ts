import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors';

const PDF_TIMEOUT_MS = 30_000;
const PDF_WORKER_MEMORY_MB = 512;

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

export async function readPdf(buffer: Buffer): Promise<{ title: string | undefined; content: string }> {
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
