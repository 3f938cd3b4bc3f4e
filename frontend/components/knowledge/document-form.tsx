'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '@/lib/client/api';
import { documentProblems, MAX_TITLE_CHARS } from '@/lib/knowledge/knowledge-rules';
import styles from './knowledge.module.css';

export type DocumentValues = { title: string; content: string };
type FieldErrors = { title?: string; content?: string };

/** The backend's `details` (`[{path, message}]`) on the two fields this form has. */
function fieldErrorsFrom(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const errors: FieldErrors = {};
  for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
    if ((detail.path === 'title' || detail.path === 'content') && typeof detail.message === 'string') {
      errors[detail.path] = `The ${detail.path} ${detail.message}.`;
    }
  }
  return errors;
}

type DocumentFormProps = {
  heading: string;
  initial: DocumentValues;
  submitLabel: string;
  onSubmit: (values: DocumentValues) => Promise<void>;
  onCancel: () => void;
};

/** Title + text of a document, for a new pasted document and for editing one in place. */
export function DocumentForm({ heading, initial, submitLabel, onSubmit, onCancel }: DocumentFormProps) {
  const id = useId();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const problems = documentProblems(values);
    setFieldErrors(problems);
    setFormError(null);
    if (problems.title || problems.content) return;
    setIsSaving(true);
    try {
      await onSubmit({ title: values.title.trim(), content: values.content });
    } catch (error) {
      const mapped = fieldErrorsFrom(error);
      setFieldErrors(mapped);
      if (!mapped.title && !mapped.content) setFormError(errorMessage(error));
      setIsSaving(false);
    }
  }

  return (
    <form className={styles.documentForm} onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className={styles.formHeading}>
        {heading}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          className="input"
          value={values.title}
          maxLength={MAX_TITLE_CHARS}
          aria-invalid={fieldErrors.title ? true : undefined}
          aria-describedby={fieldErrors.title ? `${id}-title-error` : undefined}
          onChange={(event) => {
            setValues({ ...values, title: event.target.value });
            setFieldErrors(({ title: _title, ...rest }) => rest);
          }}
        />
        {fieldErrors.title && (
          <p id={`${id}-title-error`} className={styles.fieldError}>
            {fieldErrors.title}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-content`}>Content</label>
        <textarea
          id={`${id}-content`}
          className={`textarea ${styles.contentInput}`}
          value={values.content}
          aria-invalid={fieldErrors.content ? true : undefined}
          aria-describedby={fieldErrors.content ? `${id}-content-error` : `${id}-content-hint`}
          onChange={(event) => {
            setValues({ ...values, content: event.target.value });
            setFieldErrors(({ content: _content, ...rest }) => rest);
          }}
        />
        {fieldErrors.content ? (
          <p id={`${id}-content-error`} className={styles.fieldError}>
            {fieldErrors.content}
          </p>
        ) : (
          <p id={`${id}-content-hint`} className={`muted ${styles.hint}`}>
            Markdown headings (#, ##) help the agent find the right passage.
          </p>
        )}
      </div>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className={styles.formActions}>
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={isSaving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
