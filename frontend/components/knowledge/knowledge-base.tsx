'use client';

import { useCallback, useEffect, useState } from 'react';
import { useClinic } from '@/components/shell/clinic-context';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '@/components/ui/states';
import { api, errorMessage } from '@/lib/client/api';
import { hasIngestingDocuments } from '@/lib/knowledge/knowledge-rules';
import type { DocumentSummary, KnowledgeDocument } from '@/lib/knowledge/knowledge-types';
import { ConfirmDialog } from './confirm-dialog';
import { DocumentForm, type DocumentValues } from './document-form';
import { DocumentList } from './document-list';
import { TestPanel } from './test-panel';
import { UploadZone } from './upload-zone';
import styles from './knowledge.module.css';

const POLL_INTERVAL_MS = 1_500;

type ListState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; documents: DocumentSummary[] };

function summaryOf({ content: _content, ...summary }: KnowledgeDocument): DocumentSummary {
  return summary;
}

export function KnowledgeBase() {
  const { clinic, canManage } = useClinic();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [isCreating, setIsCreating] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<DocumentSummary | null>(null);
  const [deleteState, setDeleteState] = useState<{ isBusy: boolean; error: string | null }>({ isBusy: false, error: null });
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const body = await api<{ items: DocumentSummary[] }>(`/clinics/${clinic.id}/kb/documents`, { signal });
        setList({ kind: 'ok', documents: body.items });
      } catch (error) {
        if (signal?.aborted) return;
        // A failed poll keeps the list on screen; only the first load shows the error state.
        setList((current) => (current.kind === 'ok' ? current : { kind: 'error', message: errorMessage(error) }));
      }
    },
    [clinic.id],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const isPolling = list.kind === 'ok' && hasIngestingDocuments(list.documents);
  useEffect(() => {
    if (!isPolling) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => void load(controller.signal), POLL_INTERVAL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [isPolling, list, load]);

  function upsert(document: KnowledgeDocument, message: string) {
    setAnnouncement(message);
    // Without a loaded list the new document alone would look like the whole knowledge base.
    if (list.kind !== 'ok') {
      void load();
      return;
    }
    setList((current) => {
      if (current.kind !== 'ok') return current;
      const others = current.documents.filter((existing) => existing.id !== document.id);
      return { kind: 'ok', documents: [summaryOf(document), ...others] };
    });
  }

  async function create(values: DocumentValues) {
    const document = await api<KnowledgeDocument>(`/clinics/${clinic.id}/kb/documents`, { method: 'POST', json: values });
    setIsCreating(false);
    upsert(document, `Added “${document.title}”. It is being ingested.`);
  }

  async function confirmDelete() {
    if (!pendingDelete) return;
    setDeleteState({ isBusy: true, error: null });
    try {
      await api(`/clinics/${clinic.id}/kb/documents/${pendingDelete.id}`, { method: 'DELETE' });
      const deleted = pendingDelete;
      setList((current) => (current.kind === 'ok' ? { kind: 'ok', documents: current.documents.filter((d) => d.id !== deleted.id) } : current));
      setAnnouncement(`Deleted “${deleted.title}”.`);
      setPendingDelete(null);
      setDeleteState({ isBusy: false, error: null });
    } catch (error) {
      setDeleteState({ isBusy: false, error: errorMessage(error) });
    }
  }

  const ingestingCount = list.kind === 'ok' ? list.documents.filter((d) => d.status === 'pending' || d.status === 'processing').length : 0;

  return (
    <>
      <PageHeader
        title="Knowledge base"
        description={
          canManage
            ? 'What the agent knows about your clinic. It answers from these documents and cites them.'
            : 'What the agent knows about your clinic. Only owners can change these documents.'
        }
        actions={
          canManage && !isCreating ? (
            <button type="button" className="button button-primary" onClick={() => setIsCreating(true)}>
              New document
            </button>
          ) : undefined
        }
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div className={styles.layout}>
        <div className={styles.mainColumn}>
          {canManage && isCreating && (
            <div className="card">
              <DocumentForm heading="New document" initial={{ title: '', content: '' }} submitLabel="Add document" onSubmit={create} onCancel={() => setIsCreating(false)} />
            </div>
          )}
          {canManage && <UploadZone clinicId={clinic.id} onUploaded={(document) => upsert(document, `Uploaded “${document.title}”. It is being ingested.`)} />}
          <section aria-labelledby="documents-heading" className={styles.documentsSection}>
            <div className={styles.sectionHead}>
              <h2 id="documents-heading" className={styles.sectionHeading}>
                Documents{list.kind === 'ok' ? ` (${list.documents.length})` : ''}
              </h2>
              {ingestingCount > 0 && (
                <span className="muted" role="status">
                  {ingestingCount === 1 ? '1 document is being ingested…' : `${ingestingCount} documents are being ingested…`}
                </span>
              )}
            </div>
            {list.kind === 'loading' && <LoadingState label="Loading documents…" />}
            {list.kind === 'error' && (
              <ErrorState
                message={list.message}
                onRetry={() => {
                  setList({ kind: 'loading' });
                  void load();
                }}
              />
            )}
            {list.kind === 'ok' && list.documents.length === 0 && (
              <EmptyState title="No documents yet">
                {canManage ? 'Upload your price list, FAQs or policies, or paste a new document.' : 'An owner has not added any documents yet.'}
              </EmptyState>
            )}
            {list.kind === 'ok' && list.documents.length > 0 && (
              <DocumentList
                clinicId={clinic.id}
                timeZone={clinic.timezone}
                documents={list.documents}
                canManage={canManage}
                onSaved={(document) => upsert(document, `Saved “${document.title}”.`)}
                onDeleteRequested={(document) => {
                  setDeleteState({ isBusy: false, error: null });
                  setPendingDelete(document);
                }}
              />
            )}
          </section>
        </div>
        <div className={styles.sideColumn}>
          <TestPanel clinicId={clinic.id} />
        </div>
      </div>
      <ConfirmDialog
        isOpen={pendingDelete !== null}
        title="Delete this document?"
        confirmLabel="Delete document"
        isBusy={deleteState.isBusy}
        error={deleteState.error}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setPendingDelete(null)}
      >
        <p>
          “{pendingDelete?.title}” will be removed and the agent will stop using it straight away. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
