import { errorId } from './field-id';
import styles from './agent.module.css';

export function FieldError({ errors, name }: { errors: Record<string, string>; name: string }) {
  const message = errors[name];
  if (!message) return null;
  return (
    <p id={errorId(name)} className={styles.fieldError}>
      {message}
    </p>
  );
}

/** aria-invalid + aria-describedby for an input whose error, if any, is `errors[name]`. */
export function invalidProps(errors: Record<string, string>, name: string, hintId?: string) {
  const hasError = Boolean(errors[name]);
  const describedBy = [hasError ? errorId(name) : null, hintId ?? null].filter(Boolean).join(' ');
  return { 'aria-invalid': hasError ? true : undefined, 'aria-describedby': describedBy || undefined } as const;
}
