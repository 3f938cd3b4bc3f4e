'use client';

import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { countSms, firstUnicodeCharacter } from '@/lib/messages/sms-length';
import type { SendResult } from './use-messages';
import styles from './messages.module.css';

// The API refuses more than ten segments (1,530 characters) from staff.
const MAX_SEGMENTS = 10;
const MAX_CHARACTERS = 1_530;

export function Composer({ isDisabled, onSend }: { isDisabled: boolean; onSend: (body: string) => Promise<SendResult> }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);
  const count = countSms(body);
  const unicode = count.encoding === 'UCS-2' ? firstUnicodeCharacter(body) : undefined;
  const isTooLong = count.segments > MAX_SEGMENTS || body.trim().length > MAX_CHARACTERS;
  const canSend = !isDisabled && !isSending && body.trim().length > 0 && !isTooLong;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    setSending(true);
    setError(null);
    const result = await onSend(body.trim());
    setSending(false);
    if (result.ok) setBody('');
    else if (!result.isOptedOut) setError(result.message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void submit();
  }

  return (
    <form className={styles.composer} onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Message
      </label>
      <textarea
        id={`${id}-body`}
        className="textarea"
        rows={3}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={isDisabled}
        placeholder={isDisabled ? 'Texts to this number are blocked' : 'Write a text… (Ctrl+Enter sends)'}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
        aria-invalid={isTooLong || undefined}
      />
      <div className={styles.composerBar}>
        <p id={`${id}-count`} className={`${styles.counter} ${isTooLong ? styles.counterOver : ''}`}>
          {count.units} {count.encoding === 'GSM-7' ? 'characters' : 'Unicode characters'} · {count.segments} {count.segments === 1 ? 'segment' : 'segments'}
          <span className="muted">
            {' '}
            ({count.remaining} left in this segment, {count.perSegment} per segment{count.encoding === 'UCS-2' ? ', Unicode' : ''})
          </span>
          {unicode && <span className={styles.unicodeHint}> “{unicode}” makes this a Unicode text: fewer characters fit per segment.</span>}
          {isTooLong && <span> Too long: at most {MAX_SEGMENTS} segments.</span>}
        </p>
        <button type="submit" className="button button-primary" disabled={!canSend}>
          {isSending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
