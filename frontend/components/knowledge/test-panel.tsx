'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '@/lib/client/api';
import { humanize } from '@/lib/format';
import { excerpt } from '@/lib/knowledge/knowledge-rules';
import type { PreviewChannel, PreviewResponse, SearchResult } from '@/lib/knowledge/knowledge-types';
import styles from './knowledge.module.css';

const RESULT_COUNT = 5;
const FLAG_LABELS: Record<keyof PreviewResponse['flags'], string> = {
  emergency: 'Emergency',
  medicalAdvice: 'Medical advice',
  humanRequested: 'Asked for a person',
  complaint: 'Complaint',
};

type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'error'; message: string };
type Answer = { question: string; search: Outcome<SearchResult[]>; preview: Outcome<PreviewResponse> };

async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await promise };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
}

/** Ask what a patient would ask: the passages retrieval finds and what the agent would reply. */
export function TestPanel({ clinicId }: { clinicId: string }) {
  const id = useId();
  const [question, setQuestion] = useState('');
  const [channel, setChannel] = useState<PreviewChannel>('voice');
  const [problem, setProblem] = useState<string | null>(null);
  const [isAsking, setIsAsking] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const requestRef = useRef(0);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const text = question.trim();
    if (text === '') {
      setProblem('Type a question to test.');
      return;
    }
    setProblem(null);
    setIsAsking(true);
    const requestId = ++requestRef.current;
    const base = `/clinics/${clinicId}`;
    const [search, preview] = await Promise.all([
      settle(api<{ results: SearchResult[] }>(`${base}/kb/search`, { method: 'POST', json: { query: text, k: RESULT_COUNT } }).then((body) => body.results)),
      settle(api<PreviewResponse>(`${base}/assistant/preview`, { method: 'POST', json: { text, channel } })),
    ]);
    if (requestId !== requestRef.current) return;
    setAnswer({ question: text, search, preview });
    setIsAsking(false);
  }

  const results = answer?.search.kind === 'ok' ? answer.search.value : [];
  const cited = new Set(answer?.preview.kind === 'ok' ? answer.preview.value.citations : []);

  return (
    <section className={`card ${styles.testPanel}`} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className={styles.sectionHeading}>
        Test a question
      </h2>
      <p className={`muted ${styles.hint}`}>Nothing is sent to patients and nothing is booked.</p>
      <form className={styles.testForm} onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-question`}>Question</label>
          <textarea
            id={`${id}-question`}
            className={`textarea ${styles.questionInput}`}
            value={question}
            maxLength={1000}
            placeholder="e.g. Is there parking near the clinic?"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => setQuestion(event.target.value)}
          />
          {problem && (
            <p id={`${id}-problem`} className={styles.fieldError}>
              {problem}
            </p>
          )}
        </div>
        <div className={styles.testControls}>
          <div className="field">
            <label htmlFor={`${id}-channel`}>Channel</label>
            <select id={`${id}-channel`} className="select" value={channel} onChange={(event) => setChannel(event.target.value as PreviewChannel)}>
              <option value="voice">Phone call</option>
              <option value="sms">Text message</option>
            </select>
          </div>
          <button type="submit" className="button button-primary" disabled={isAsking}>
            {isAsking ? 'Asking…' : 'Ask'}
          </button>
        </div>
      </form>

      <div aria-live="polite" aria-busy={isAsking} className={styles.testResults}>
        {answer && (
          <>
            <h3 className={styles.subHeading}>Agent reply</h3>
            {answer.preview.kind === 'error' ? (
              <p className="form-error">The agent could not answer: {answer.preview.message}</p>
            ) : (
              <PreviewReply preview={answer.preview.value} results={results} idPrefix={id} />
            )}
            <h3 className={styles.subHeading}>Retrieved passages</h3>
            {answer.search.kind === 'error' ? (
              <p className="form-error">Search failed: {answer.search.message}</p>
            ) : results.length === 0 ? (
              <p className="muted">No passage matches “{answer.question}”.</p>
            ) : (
              <ol className={styles.resultList} aria-label="Retrieved passages">
                {results.map((result, index) => (
                  <li key={result.chunkId} id={`${id}-chunk-${result.chunkId}`} className={styles.resultItem} data-cited={cited.has(result.chunkId) || undefined}>
                    <div className={styles.resultHead}>
                      <span className={styles.resultTitle}>
                        {index + 1}. {result.title}
                      </span>
                      <span className="muted">score {result.score.toFixed(3)}</span>
                      {cited.has(result.chunkId) && <span className="badge badge-brand">Cited</span>}
                    </div>
                    <p className={styles.resultText}>{excerpt(result.content)}</p>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function PreviewReply({ preview, results, idPrefix }: { preview: PreviewResponse; results: SearchResult[]; idPrefix: string }) {
  const raised = (Object.keys(FLAG_LABELS) as (keyof PreviewResponse['flags'])[]).filter((flag) => preview.flags[flag]);
  return (
    <div className={styles.reply}>
      <blockquote className={styles.replyText}>{preview.reply}</blockquote>
      <div className={styles.replyMeta}>
        <span className="badge">Intent: {humanize(preview.intent)}</span>
        {raised.map((flag) => (
          <span key={flag} className={`badge ${flag === 'emergency' || flag === 'medicalAdvice' ? 'badge-danger' : 'badge-warning'}`}>
            {FLAG_LABELS[flag]}
          </span>
        ))}
      </div>
      {preview.citations.length > 0 && (
        <p className={styles.citations}>
          Sources:{' '}
          {preview.citations.map((chunkId, index) => {
            const result = results.find((candidate) => candidate.chunkId === chunkId);
            return (
              <span key={chunkId}>
                {index > 0 && ', '}
                {result ? <a href={`#${idPrefix}-chunk-${chunkId}`}>{result.title}</a> : <span className="muted">a passage outside the top {RESULT_COUNT}</span>}
              </span>
            );
          })}
        </p>
      )}
    </div>
  );
}
