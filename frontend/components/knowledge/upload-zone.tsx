'use client';

import { useId, useRef, useState, type DragEvent } from 'react';
import { errorMessage } from '@/lib/client/api';
import { ACCEPT_ATTRIBUTE, formatBytes, uploadProblem } from '@/lib/knowledge/knowledge-rules';
import type { KnowledgeDocument } from '@/lib/knowledge/knowledge-types';
import { uploadDocument } from '@/lib/knowledge/upload-document';
import styles from './knowledge.module.css';

type UploadItem = {
  key: string;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'error';
  percent: number;
  message?: string;
};

let uploadSequence = 0;

/** Drop files here or pick them; each uploads on its own with its own progress and error. */
export function UploadZone({ clinicId, onUploaded }: { clinicId: string; onUploaded: (document: KnowledgeDocument) => void }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [isDragOver, setIsDragOver] = useState(false);
  const [items, setItems] = useState<UploadItem[]>([]);

  function update(key: string, changes: Partial<UploadItem>) {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...changes } : item)));
  }

  function startUploads(files: File[]) {
    const added = files.map((file): UploadItem & { file: File } => {
      const problem = uploadProblem(file);
      uploadSequence += 1;
      return {
        key: `upload-${uploadSequence}`,
        name: file.name,
        size: file.size,
        file,
        state: problem ? 'error' : 'uploading',
        percent: 0,
        ...(problem ? { message: problem } : {}),
      };
    });
    setItems((current) => [...added.map(({ file: _file, ...item }) => item), ...current].slice(0, 20));
    for (const item of added) {
      if (item.state !== 'uploading') continue;
      uploadDocument(clinicId, item.file, (fraction) => update(item.key, { percent: Math.round(fraction * 100) }))
        .then((document) => {
          update(item.key, { state: 'done', percent: 100, message: `Added as “${document.title}”` });
          onUploaded(document);
        })
        .catch((error: unknown) => update(item.key, { state: 'error', message: errorMessage(error) }));
    }
  }

  function handleDrop(event: DragEvent) {
    event.preventDefault();
    setIsDragOver(false);
    startUploads(Array.from(event.dataTransfer.files));
  }

  return (
    <section className={`card ${styles.uploadCard}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className={styles.sectionHeading}>
        Upload documents
      </h2>
      <div
        className={`${styles.dropZone} ${isDragOver ? styles.dropZoneActive : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setIsDragOver(true);
        }}
        onDragLeave={() => setIsDragOver(false)}
        onDrop={handleDrop}
      >
        <p className={styles.dropText}>Drag files here, or</p>
        <label htmlFor={`${id}-input`} className="button button-secondary">
          Choose files
        </label>
        <input
          ref={inputRef}
          id={`${id}-input`}
          type="file"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          className={styles.fileInput}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            startUploads(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
        <p id={`${id}-hint`} className={`muted ${styles.hint}`}>
          Markdown, text, HTML or PDF, up to 10 MB each.
        </p>
      </div>
      <ul className={styles.uploadList} aria-live="polite" aria-label="Uploads">
        {items.map((item) => (
          <li key={item.key} className={styles.uploadItem} data-state={item.state}>
            <div className={styles.uploadRow}>
              <span className={styles.uploadName}>{item.name}</span>
              <span className="muted">{formatBytes(item.size)}</span>
              <span className={`badge ${item.state === 'done' ? 'badge-ok' : item.state === 'error' ? 'badge-danger' : 'badge-brand'}`}>
                {item.state === 'uploading' ? `Uploading ${item.percent}%` : item.state === 'done' ? 'Uploaded' : 'Not uploaded'}
              </span>
            </div>
            {item.state === 'uploading' && (
              <progress className={styles.progress} max={100} value={item.percent} aria-label={`Uploading ${item.name}`} />
            )}
            {item.message && <p className={item.state === 'error' ? styles.fieldError : `muted ${styles.hint}`}>{item.message}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
