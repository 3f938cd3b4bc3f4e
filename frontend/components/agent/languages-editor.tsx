'use client';

import { LIMITS } from '@/lib/agent/agent-form';
import { FieldError, invalidProps } from './field-error';
import { fieldId } from './field-id';
import styles from './agent.module.css';

type LanguagesEditorProps = { languages: string[]; errors: Record<string, string>; onChange: (languages: string[]) => void };

export function LanguagesEditor({ languages, errors, onChange }: LanguagesEditorProps) {
  return (
    <div className={styles.rows}>
      <FieldError errors={errors} name="languages" />
      {languages.map((language, index) => (
        <div key={index} className={styles.row}>
          <label htmlFor={fieldId(`languages.${index}`)} className="visually-hidden">
            Language {index + 1}
          </label>
          <input
            id={fieldId(`languages.${index}`)}
            className="input"
            value={language}
            maxLength={LIMITS.language}
            {...invalidProps(errors, `languages.${index}`)}
            onChange={(event) => onChange(languages.map((item, i) => (i === index ? event.target.value : item)))}
          />
          <button
            type="button"
            className="button button-ghost button-small"
            aria-label={`Remove ${language || `language ${index + 1}`}`}
            disabled={languages.length === 1}
            onClick={() => onChange(languages.filter((_, i) => i !== index))}
          >
            Remove
          </button>
          <FieldError errors={errors} name={`languages.${index}`} />
        </div>
      ))}
      {languages.length < LIMITS.languages && (
        <button type="button" className={`button button-secondary button-small ${styles.addButton}`} onClick={() => onChange([...languages, ''])}>
          Add language
        </button>
      )}
    </div>
  );
}
