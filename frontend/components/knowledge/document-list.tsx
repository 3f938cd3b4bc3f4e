'use client';

import { useState } from 'react';
import { api, errorMessage } from '@/lib/client/api';
import { formatDateTime } from '@/lib/format';
import { formatBytes, ingestionPercent, isIngesting, statusLabel } from '@/lib/knowledge/knowledge-rules';
import type { DocumentSummary, KnowledgeDocument } from '@/lib/knowledge/knowledge-types';
import { DocumentForm, type DocumentValues } from './document-form';
import styles from './knowledge.module.css';

const STATUS_BADGE: Record<DocumentSummary['status'], string> = {
  pending: 'badge-warning',
  processing: 'badge-brand',
  ready: 'badge-ok',
  failed: 'badge-danger',
};

type DocumentListProps = {
  clinicId: string;
  timeZone: string;
  documents: DocumentSummary[];
  canManage: boolean;
  onSaved: (document: KnowledgeDocument) => void;
  onDeleteRequested: (document: DocumentSummary) => void;
};

type Editing = { id: string; state: 'loading' } | { id: string; state: 'error'; message: string } | { id: string; state: 'ready'; document: KnowledgeDocument };

export function DocumentList({ clinicId, timeZone, documents, canManage, onSaved, onDeleteRequested }: DocumentListProps) {
  const [editing, setEditing] = useState<Editing | null>(null);

  async function startEditing(documentId: string) {
    setEditing({ id: documentId, state: 'loading' });
    try {
      const document = await api<KnowledgeDocument>(`/clinics/${clinicId}/kb/documents/${documentId}`);
      setEditing({ id: documentId, state: 'ready', document });
    } catch (error) {
      setEditing({ id: documentId, state: 'error', message: errorMessage(error) });
    }
  }

  async function save(documentId: string, values: DocumentValues) {
    const saved = await api<KnowledgeDocument>(`/clinics/${clinicId}/kb/documents/${documentId}`, { method: 'PUT', json: values });
    setEditing(null);
    onSaved(saved);
  }

  return (
    <ul className={styles.documentList}>
      {documents.map((document) => {
        const isEditingThis = editing?.id === document.id;
        return (
          <li key={document.id} className={`card ${styles.documentItem}`} aria-label={document.title}>
            {isEditingThis && editing.state === 'ready' ? (
              <DocumentForm
                heading={`Edit “${document.title}”`}
                initial={{ title: editing.document.title, content: editing.document.content }}
                submitLabel="Save changes"
                onSubmit={(values) => save(document.id, values)}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <DocumentRow
                document={document}
                timeZone={timeZone}
                canManage={canManage}
                isLoadingEdit={isEditingThis && editing.state === 'loading'}
                onEdit={() => void startEditing(document.id)}
                onDelete={() => onDeleteRequested(document)}
              />
            )}
            {isEditingThis && editing.state === 'error' && (
              <p className="form-error" role="alert">
                Could not open the document: {editing.message}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

type DocumentRowProps = {
  document: DocumentSummary;
  timeZone: string;
  canManage: boolean;
  isLoadingEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
};

function DocumentRow({ document, timeZone, canManage, isLoadingEdit, onEdit, onDelete }: DocumentRowProps) {
  const percent = ingestionPercent(document);
  return (
    <div className={styles.documentRow}>
      <div className={styles.documentMain}>
        <h3 className={styles.documentTitle}>{document.title}</h3>
        <p className={`muted ${styles.documentMeta}`}>
          {document.sourceName ?? 'Pasted text'} · {formatBytes(document.contentLength)} · updated {formatDateTime(document.updatedAt, timeZone)}
        </p>
        {isIngesting(document.status) && (
          <progress className={styles.progress} max={100} value={percent} aria-label={`Ingestion of ${document.title}`}>
            {percent}%
          </progress>
        )}
        {document.statusReason && <p className={document.status === 'failed' ? styles.fieldError : `muted ${styles.hint}`}>{document.statusReason}</p>}
      </div>
      <div className={styles.documentSide}>
        <span className={`badge ${STATUS_BADGE[document.status]}`}>{statusLabel(document)}</span>
        {canManage && (
          <div className={styles.documentActions}>
            <button type="button" className="button button-secondary button-small" onClick={onEdit} disabled={isLoadingEdit} aria-label={`Edit ${document.title}`}>
              {isLoadingEdit ? 'Opening…' : 'Edit'}
            </button>
            <button type="button" className="button button-ghost button-small" onClick={onDelete} aria-label={`Delete ${document.title}`}>
              Delete
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
