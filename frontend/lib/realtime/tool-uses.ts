/**
 * What a call's tool calls did, as short chips for staff ("Booked Free consultation Fri 4 Dec
 * 09:00"). The backend's results are sentences written for the voice assistant; the parts staff
 * care about are picked out here, with a plain fallback when a sentence has another shape.
 */
export type ToolUse = { name: string; toolCallId?: string; result?: string | null; error?: string | null; effect?: string | null };

export type ToolTone = 'ok' | 'warning' | 'danger' | 'neutral';

export type ToolChip = { label: string; tone: ToolTone; detail: string };

const TOOL_NAMES: Record<string, string> = {
  search_knowledge_base: 'Knowledge base',
  check_availability: 'Availability',
  book_appointment: 'Booking',
  reschedule_appointment: 'Reschedule',
  cancel_appointment: 'Cancellation',
  lookup_patient: 'Patient lookup',
  take_message: 'Message',
  escalate_to_staff: 'Escalation',
};

const WEEKDAY = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
const MONTH = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g;

/** "Friday 4 December at 09:00" → "Fri 4 Dec 09:00". */
export function shortenWhen(when: string): string {
  return when
    .replace(WEEKDAY, (day) => day.slice(0, 3))
    .replace(MONTH, (month) => month.slice(0, 3))
    .replace(/\s+at\s+/, ' ')
    .trim();
}

/** Bracketed values are for the assistant (`[appointmentId=…]`), never for people. */
function withoutTokens(text: string): string {
  return text.replace(/\s*\[[^\]]*\]/g, '').trim();
}

export function toolDisplayName(name: string): string {
  return TOOL_NAMES[name] ?? name.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

function describeResult(name: string, result: string, effect: string | null | undefined): Pick<ToolChip, 'label' | 'tone'> {
  let match: RegExpMatchArray | null;
  switch (name) {
    case 'book_appointment':
      if ((match = result.match(/^Booked (.+?) on (.+?) with /))) return { label: `Booked ${match[1]} ${shortenWhen(match[2]!)}`, tone: 'ok' };
      if (result.startsWith('Not booked')) return { label: 'Booking not made', tone: 'warning' };
      break;
    case 'reschedule_appointment':
      if ((match = result.match(/^Moved (.+?) to (.+?) with /))) return { label: `Moved ${match[1]} to ${shortenWhen(match[2]!)}`, tone: 'ok' };
      if (result.startsWith('Not moved')) return { label: 'Reschedule not made', tone: 'warning' };
      break;
    case 'cancel_appointment':
      if ((match = result.match(/^Cancelled (.+?) on (.+?)\./))) return { label: `Cancelled ${match[1]} ${shortenWhen(match[2]!)}`, tone: 'warning' };
      if ((match = result.match(/^(.+?) on (.+?) was already cancelled/))) return { label: `${match[1]} already cancelled`, tone: 'neutral' };
      break;
    case 'check_availability':
      if ((match = result.match(/^Free (.+?) slots: (.+)$/))) {
        const count = match[2]!.split(';').length;
        return { label: `Checked ${match[1]}: ${count} free ${count === 1 ? 'slot' : 'slots'}`, tone: 'neutral' };
      }
      if ((match = result.match(/^No free (.+?) slots/))) return { label: `No free ${match[1]} slots`, tone: 'warning' };
      break;
    case 'search_knowledge_base':
      if (effect === 'emergency') return { label: 'Emergency answer given', tone: 'danger' };
      if (effect === 'escalated') return { label: 'Clinical question escalated', tone: 'warning' };
      if (effect === 'answered') return { label: 'Answered from knowledge base', tone: 'ok' };
      return { label: 'Not in knowledge base', tone: 'warning' };
    case 'lookup_patient':
      if ((match = result.match(/^Patient: (.+?)\./))) return { label: `Found patient ${match[1]}`, tone: 'neutral' };
      if (result.startsWith('Patient on record')) return { label: 'Found patient', tone: 'neutral' };
      if (result.startsWith('No record')) return { label: 'New patient', tone: 'neutral' };
      break;
    case 'take_message':
      return { label: 'Message taken', tone: 'ok' };
    case 'escalate_to_staff':
      return effect === 'emergency' ? { label: 'Emergency escalated', tone: 'danger' } : { label: 'Escalated to staff', tone: 'warning' };
  }
  if (effect === 'emergency') return { label: `${toolDisplayName(name)}: emergency`, tone: 'danger' };
  return { label: toolDisplayName(name), tone: 'neutral' };
}

export function describeToolUse(use: ToolUse): ToolChip {
  if (use.error) return { label: `${toolDisplayName(use.name)} failed`, tone: 'danger', detail: withoutTokens(use.error) };
  const result = use.result ?? '';
  return { ...describeResult(use.name, result, use.effect), detail: withoutTokens(result) };
}

/** Same tool call arriving twice (event replay, then the call detail) is shown once. */
export function isSameToolUse(a: ToolUse, b: ToolUse): boolean {
  if (a.toolCallId && b.toolCallId) return a.toolCallId === b.toolCallId;
  return a.name === b.name && (a.result ?? null) === (b.result ?? null) && (a.error ?? null) === (b.error ?? null);
}

export function addToolUse(uses: readonly ToolUse[], use: ToolUse): ToolUse[] {
  const index = uses.findIndex((existing) => isSameToolUse(existing, use));
  if (index === -1) return [...uses, use];
  // Keep the one that knows its tool call id, so later duplicates are recognised exactly.
  if (!uses[index]!.toolCallId && use.toolCallId) return uses.map((existing, at) => (at === index ? use : existing));
  return uses as ToolUse[];
}
