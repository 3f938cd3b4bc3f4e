'use client';

import { ApiError } from '@/lib/client/api';
import type { KnowledgeDocument } from './knowledge-types';

/**
 * Uploads one file as the multipart field `file` (knowledge.upload.ts) through the same proxy as
 * `api()`. XMLHttpRequest rather than fetch because only it reports upload progress.
 */
export function uploadDocument(
  clinicId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<KnowledgeDocument> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/backend/clinics/${clinicId}/kb/documents`);
    request.setRequestHeader('accept', 'application/json');
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'Could not reach the dashboard server. Check your connection and try again.'));
    request.onload = () => {
      const body = request.response as { error?: { code?: string; message?: string; details?: unknown } } | null;
      if (request.status >= 200 && request.status < 300) return resolve(body as unknown as KnowledgeDocument);
      if (request.status === 401) window.location.assign('/api/session/expired');
      const error = body?.error;
      reject(
        error?.code && error.message
          ? new ApiError(request.status, error.code, error.message, error.details)
          : new ApiError(request.status, `HTTP_${request.status}`, `The upload failed (HTTP ${request.status}).`),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
