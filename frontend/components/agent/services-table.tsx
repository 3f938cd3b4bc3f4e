'use client';

import { useEffect, useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { formatMoney } from '@/lib/agent/agent-form';
import type { ClinicService } from '@/lib/agent/agent-types';
import { api, errorMessage } from '@/lib/client/api';
import styles from './agent.module.css';

type ServicesState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; services: ClinicService[] };

/** The services and prices the agent quotes and books. The API serves them read-only. */
export function ServicesTable({ clinicId }: { clinicId: string }) {
  const [state, setState] = useState<ServicesState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api<{ items: ClinicService[] }>(`/clinics/${clinicId}/services`, { signal: controller.signal })
      .then((body) => setState({ kind: 'ok', services: body.items }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [clinicId, attempt]);

  return (
    <section className="card" aria-labelledby="services-heading">
      <h2 id="services-heading" className={styles.sectionHeading}>
        Services and prices
      </h2>
      <p className={`muted ${styles.hint}`}>What the agent quotes and books. Services are set up with Voxanne support and cannot be edited here yet.</p>
      {state.kind === 'loading' && <LoadingState label="Loading services…" rows={2} />}
      {state.kind === 'error' && (
        <ErrorState
          message={state.message}
          onRetry={() => {
            setState({ kind: 'loading' });
            setAttempt((value) => value + 1);
          }}
        />
      )}
      {state.kind === 'ok' && state.services.length === 0 && <EmptyState title="No services yet" />}
      {state.kind === 'ok' && state.services.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Services the agent can book</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Duration</th>
                <th scope="col">Price</th>
                <th scope="col">Deposit</th>
              </tr>
            </thead>
            <tbody>
              {state.services.map((service) => (
                <tr key={service.id}>
                  <td className={styles.serviceName}>{service.name}</td>
                  <td>{service.durationMinutes} min</td>
                  <td>{formatMoney(service.priceMinor, service.currency)}</td>
                  <td>{service.depositMinor > 0 ? formatMoney(service.depositMinor, service.currency) : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
