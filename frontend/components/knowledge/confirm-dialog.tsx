'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import styles from './confirm-dialog.module.css';

type ConfirmDialogProps = {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  isBusy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A modal `<dialog>`: the browser traps focus inside it and closes it on Escape; focus starts on
 * Cancel (the safe choice) and goes back to whatever opened it.
 */
export function ConfirmDialog({ isOpen, title, children, confirmLabel, isBusy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) {
      openerRef.current = document.activeElement;
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!isOpen && dialog.open) {
      dialog.close();
      if (openerRef.current instanceof HTMLElement && openerRef.current.isConnected) openerRef.current.focus();
    }
  }, [isOpen]);

  return (
    <dialog
      ref={dialogRef}
      className={styles.dialog}
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!isBusy) onCancel();
      }}
    >
      <h2 id="confirm-dialog-title" className={styles.dialogTitle}>
        {title}
      </h2>
      <div className={styles.dialogBody}>{children}</div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className={styles.dialogActions}>
        <button ref={cancelRef} type="button" className="button button-secondary" onClick={onCancel} disabled={isBusy}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={isBusy}>
          {isBusy ? 'Deleting…' : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
