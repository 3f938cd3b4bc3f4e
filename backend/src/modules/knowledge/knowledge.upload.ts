import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../../platform/errors';
import { extractText, type ExtractedDocument } from './extract-text';
import { MAX_UPLOAD_BYTES } from './knowledge.schemas';

const MEGABYTE = 1024 * 1024;
// The multipart envelope (boundaries, headers, a title field) adds a little on top of the file.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const parseSingleFile = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 4_096 },
}).single('file');

function tooLarge(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `File is larger than ${MAX_UPLOAD_BYTES / MEGABYTE} MB`);
}

/**
 * Reads a multipart upload (field `file`) into memory and extracts its text. An oversized
 * body is refused from its Content-Length before it is parsed; the rest of it is drained so
 * the client receives the 413 instead of a reset connection.
 */
export async function readUploadedDocument(req: Request, res: Response): Promise<ExtractedDocument & { filename: string; fields: Record<string, unknown> }> {
  const declaredLength = Number(req.get('content-length') ?? 0);
  if (declaredLength > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) {
    req.resume();
    throw tooLarge();
  }
  await new Promise<void>((resolve, reject) => {
    parseSingleFile(req, res, (error: unknown) => {
      if (!error) return resolve();
      req.resume();
      if (error instanceof multer.MulterError) {
        reject(error.code === 'LIMIT_FILE_SIZE' ? tooLarge() : new AppError('INVALID_INPUT', `Upload rejected: ${error.message}`));
      } else {
        reject(new AppError('INVALID_INPUT', 'Malformed multipart upload'));
      }
    });
  });
  const file = req.file;
  if (!file) throw new AppError('INVALID_INPUT', 'Attach the document as the multipart field "file"');
  const extracted = await extractText({ buffer: file.buffer, filename: file.originalname, mimeType: file.mimetype });
  return { ...extracted, filename: file.originalname, fields: (req.body ?? {}) as Record<string, unknown> };
}
