'use client';

import { api } from '@/lib/client/api';
import type { CallDetailSnapshot } from '@/lib/realtime/live-calls';
import type { TranscriptRole } from '@/lib/realtime/clinic-event';

/** The call list and detail DTOs (backend `calls.schemas.ts`), the parts the Live page reads. */
type CallSummary = {
  id: string;
  status: string;
  fromNumber: string | null;
  patient: { id: string; name: string | null } | null;
  callerName: string | null;
  outcome: string | null;
  summary: string | null;
  endedReason: string | null;
  durationSeconds: number | null;
  isEmergency: boolean;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
};

type CallDetail = CallSummary & {
  transcript: Array<{ seq: number; role: TranscriptRole; text: string; at: string }>;
  tools: Array<{ name: string; result: string | null; error: string | null; effect: string | null }>;
};

type CallPage = { items: CallSummary[]; nextCursor: string | null };

/** More than any clinic has on the line at once; the page shows them all. */
const LIVE_LIMIT = 100;

function toSnapshot(call: CallSummary, detail?: CallDetail): CallDetailSnapshot {
  return {
    id: call.id,
    status: call.status,
    startedAt: call.startedAt ?? call.createdAt,
    endedAt: call.endedAt,
    fromNumber: call.fromNumber,
    patientName: call.patient?.name ?? call.callerName,
    outcome: call.outcome,
    summary: call.summary,
    durationSeconds: call.durationSeconds,
    endedReason: call.endedReason,
    isEmergency: call.isEmergency,
    transcript: detail?.transcript.map(({ seq, role, text }) => ({ seq, role, text })) ?? [],
    tools: detail?.tools.map(({ name, result, error, effect }) => ({ name, result, error, effect })) ?? [],
    ...(detail ? {} : { isSummaryOnly: true }),
  };
}

export async function fetchCallSnapshot(clinicId: string, callId: string): Promise<CallDetailSnapshot> {
  const detail = await api<CallDetail>(`/clinics/${clinicId}/calls/${callId}`);
  return toSnapshot(detail, detail);
}

/** Every live call with its transcript so far; a call whose detail fails still shows, without it. */
export async function fetchLiveSnapshots(clinicId: string): Promise<CallDetailSnapshot[]> {
  const page = await api<CallPage>(`/clinics/${clinicId}/calls?status=live&limit=${LIVE_LIMIT}`);
  const details = await Promise.allSettled(page.items.map((call) => api<CallDetail>(`/clinics/${clinicId}/calls/${call.id}`)));
  return page.items.map((call, index) => {
    const detail = details[index];
    return toSnapshot(call, detail?.status === 'fulfilled' ? detail.value : undefined);
  });
}
