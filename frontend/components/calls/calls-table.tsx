'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';
import { HighlightedText } from './highlighted-text';
import { callBadge, callerLabel, callTime } from '@/lib/calls/call-display';
import type { CallSummary } from '@/lib/calls/call-types';
import { splitByPattern } from '@/lib/calls/transcript-search';
import { formatDateTime, formatDuration } from '@/lib/format';
import styles from './calls.module.css';

type CallsTableProps = {
  calls: CallSummary[];
  clinicId: string;
  timeZone: string;
  /** The list's search, carried to the detail so the transcript opens with it highlighted. */
  query: string;
  highlight: RegExp | null;
  isBusy: boolean;
};

export function CallsTable({ calls, clinicId, timeZone, query, highlight, isBusy }: CallsTableProps) {
  const router = useRouter();
  const hrefOf = (call: CallSummary) => `/clinics/${clinicId}/calls/${call.id}${query ? `?q=${encodeURIComponent(query)}` : ''}`;

  // The whole row opens the call for mouse users; the caller link is the keyboard and screen-reader path.
  // No prefetching: a page of 50 dynamic call pages would compete with the list for the server.
  const openRow = (event: MouseEvent<HTMLTableRowElement>, call: CallSummary) => {
    if ((event.target as HTMLElement).closest('a, button') || window.getSelection()?.toString()) return;
    router.push(hrefOf(call));
  };

  return (
    <div className={`table-wrap ${styles.tableWrap}`} aria-busy={isBusy}>
      <table className={`table ${styles.table}`}>
        <caption className="visually-hidden">Calls, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Caller</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => {
            const caller = callerLabel(call);
            const badge = callBadge(call);
            return (
              <tr key={call.id} className={styles.row} onClick={(event) => openRow(event, call)}>
                <td className={styles.when}>
                  <time dateTime={callTime(call)}>{formatDateTime(callTime(call), timeZone)}</time>
                </td>
                <td className={styles.caller}>
                  <Link href={hrefOf(call)} className={styles.callerLink} prefetch={false}>
                    {caller.name ?? caller.number}
                  </Link>
                  {caller.name && <span className={styles.number}>{caller.number}</span>}
                </td>
                <td className={styles.duration}>
                  <span className="visually-hidden">Duration </span>
                  {formatDuration(call.durationSeconds)}
                </td>
                <td className={styles.outcome}>
                  <div className={styles.badges}>
                    <span className={badge.className}>{badge.label}</span>
                    {call.isEmergency && call.outcome !== 'emergency' && <span className="badge badge-danger">Emergency</span>}
                  </div>
                </td>
                <td className={styles.summary}>
                  {call.summary ? (
                    <HighlightedText parts={splitByPattern(call.summary, highlight)} markClassName={styles.mark} />
                  ) : (
                    <span className="muted">No summary yet</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
