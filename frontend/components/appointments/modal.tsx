'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './appointments.module.css';

type ModalProps = {
  title: string;
  /** Called on Escape, the close button, or the parent asking to close. */
  onClose: () => void;
  children: ReactNode;
  size?: 'small' | 'large';
};

/**
 * A native modal `<dialog>`: the browser traps focus inside it, closes it on Escape and makes the
 * page behind it inert, so this only opens it and hands focus back to what opened it.
 */
export function Modal({ title, onClose, children, size = 'large' }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const handleClose = () => onCloseRef.current();
    dialog.addEventListener('close', handleClose);
    return () => {
      dialog.removeEventListener('close', handleClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`${styles.dialog} ${size === 'small' ? styles.dialogSmall : ''}`} aria-labelledby={titleId}>
      <div className={styles.dialogHeader}>
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button-ghost button-small" onClick={() => ref.current?.close()} aria-label="Close">
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <div className={styles.dialogBody}>{children}</div>
    </dialog>
  );
}
