/** SMS threads: the dashboard's view of `GET /clinics/:id/messages`, one thread per patient number. */

export type Message = {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  from: string;
  to: string;
  body: string;
  status: string;
  providerSid: string | null;
  errorCode?: string | null;
  segments?: number | null;
  patientId?: string | null;
  createdAt: string;
};

export type MessagePage = { items: Message[]; nextCursor: string | null };

export type PatientContact = { id: string; name: string | null; phone: string; smsOptedOut: boolean };

export type Thread = {
  /** The patient's number (E.164): the other end of every message in the thread. */
  phone: string;
  name: string | null;
  /** The patient replied STOP (as far as the loaded patient list knows). */
  isOptedOut: boolean;
  latest: Message;
  /** Messages of this thread among those loaded. */
  count: number;
};

/** The patient's end of a message: who sent an inbound text, who received an outbound one. */
export function counterpartOf(message: Message): string {
  return message.direction === 'inbound' ? message.from : message.to;
}

function newestFirst(a: Message, b: Message): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Threads from messages in any order, the most recently active first. */
export function groupThreads(messages: readonly Message[], patients: readonly PatientContact[] = []): Thread[] {
  const byPhone = new Map(patients.map((patient) => [patient.phone, patient]));
  const threads = new Map<string, Thread>();
  for (const message of [...messages].sort(newestFirst)) {
    const phone = counterpartOf(message);
    const thread = threads.get(phone);
    if (thread) thread.count += 1;
    else {
      const patient = byPhone.get(phone);
      threads.set(phone, { phone, name: patient?.name ?? null, isOptedOut: patient?.smsOptedOut ?? false, latest: message, count: 1 });
    }
  }
  return [...threads.values()];
}

/**
 * One thread's messages, oldest first as a conversation reads, without duplicates: a poll, an
 * older page and a just-sent message may all carry the same message, the newest copy wins (its
 * status is the latest).
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => -newestFirst(a, b));
}

/** A thread the patient wrote last, after staff last opened it: it wants an answer. */
export function isUnread(thread: Thread, seenAt: string | undefined): boolean {
  if (thread.latest.direction !== 'inbound') return false;
  return seenAt === undefined || thread.latest.createdAt > seenAt;
}

/** Messages grouped by the clinic-local day they were sent on, for day separators. */
export function groupByDay<T extends { createdAt: string }>(messages: readonly T[], dayOf: (iso: string) => string): Array<{ day: string; items: T[] }> {
  const groups: Array<{ day: string; items: T[] }> = [];
  for (const message of messages) {
    const day = dayOf(message.createdAt);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(message);
    else groups.push({ day, items: [message] });
  }
  return groups;
}

export type StatusTone = 'ok' | 'warning' | 'danger' | 'neutral' | 'brand';

const STATUS_LABELS: Record<string, { label: string; tone: StatusTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  accepted: { label: 'Queued', tone: 'neutral' },
  scheduled: { label: 'Scheduled', tone: 'neutral' },
  sending: { label: 'Sending', tone: 'neutral' },
  sent: { label: 'Sent', tone: 'brand' },
  delivered: { label: 'Delivered', tone: 'ok' },
  read: { label: 'Read', tone: 'ok' },
  undelivered: { label: 'Not delivered', tone: 'danger' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Cancelled', tone: 'warning' },
  blocked_opted_out: { label: 'Blocked: opted out', tone: 'warning' },
};

export function deliveryStatus(status: string): { label: string; tone: StatusTone } {
  return STATUS_LABELS[status] ?? { label: status.replace(/_/g, ' '), tone: 'neutral' };
}

const KIND_LABELS: Record<string, string> = {
  staff: 'Staff',
  conversation: 'Automated reply',
  confirmation: 'Automated · confirmation',
  reminder: 'Automated · reminder',
  alert: 'Automated · alert',
  system: 'Automated',
};

/** Who wrote an outbound text: staff from the dashboard, or Voxanne on its own. */
export function authorLabel(message: Message): string {
  if (message.direction === 'inbound') return 'Patient';
  return KIND_LABELS[message.kind] ?? 'Automated';
}
