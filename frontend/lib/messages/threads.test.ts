import { describe, expect, it } from '@jest/globals';
import { authorLabel, counterpartOf, deliveryStatus, groupByDay, groupThreads, isUnread, mergeMessages, type Message } from './threads';

const CLINIC = '+442079460000';
let sequence = 0;
function message(overrides: Partial<Message> & Pick<Message, 'direction' | 'createdAt'>): Message {
  sequence += 1;
  const patient = overrides.direction === 'inbound' ? (overrides.from ?? '+447700900001') : (overrides.to ?? '+447700900001');
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    kind: overrides.direction === 'inbound' ? 'inbound' : 'staff',
    from: overrides.direction === 'inbound' ? patient : CLINIC,
    to: overrides.direction === 'inbound' ? CLINIC : patient,
    body: 'Hello',
    status: overrides.direction === 'inbound' ? 'received' : 'queued',
    providerSid: null,
    ...overrides,
  };
}

describe('groupThreads', () => {
  it('makes one thread per patient number, most recently active first, named from the patient list', () => {
    const a1 = message({ direction: 'inbound', from: '+447700900001', createdAt: '2026-12-01T10:00:00.000Z' });
    const b1 = message({ direction: 'outbound', to: '+447700900002', createdAt: '2026-12-01T11:00:00.000Z' });
    const a2 = message({ direction: 'outbound', to: '+447700900001', createdAt: '2026-12-01T12:00:00.000Z' });
    const threads = groupThreads([a1, b1, a2], [{ id: 'p', name: 'Ada', phone: '+447700900001', smsOptedOut: true }]);
    expect(threads.map((thread) => [thread.phone, thread.name, thread.isOptedOut, thread.latest.id, thread.count])).toEqual([
      ['+447700900001', 'Ada', true, a2.id, 2],
      ['+447700900002', null, false, b1.id, 1],
    ]);
  });

  it('is empty without messages', () => {
    expect(groupThreads([])).toEqual([]);
  });

  it('takes the patient end of either direction', () => {
    expect(counterpartOf(message({ direction: 'inbound', from: '+15550001', createdAt: '2026-12-01T10:00:00Z' }))).toBe('+15550001');
    expect(counterpartOf(message({ direction: 'outbound', to: '+15550002', createdAt: '2026-12-01T10:00:00Z' }))).toBe('+15550002');
  });
});

describe('mergeMessages', () => {
  it('keeps each message once, oldest first, with the newest copy of its status', () => {
    const first = message({ direction: 'inbound', createdAt: '2026-12-01T10:00:00.000Z' });
    const sent = message({ direction: 'outbound', createdAt: '2026-12-01T10:01:00.000Z' });
    const older = message({ direction: 'inbound', createdAt: '2026-12-01T09:00:00.000Z' });
    const merged = mergeMessages([first, sent], [{ ...sent, status: 'delivered' }, older]);
    expect(merged.map((item) => [item.id, item.status])).toEqual([
      [older.id, 'received'],
      [first.id, 'received'],
      [sent.id, 'delivered'],
    ]);
  });

  it('orders messages of the same instant by id', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const [x, y] = [message({ direction: 'inbound', createdAt: at }), message({ direction: 'inbound', createdAt: at })];
    expect(mergeMessages([], [y, x]).map((item) => item.id)).toEqual([x.id, y.id]);
  });
});

describe('isUnread', () => {
  const [thread] = groupThreads([message({ direction: 'inbound', createdAt: '2026-12-01T10:00:00.000Z' })]);
  it('is unread when the patient wrote last, after it was last seen', () => {
    expect(isUnread(thread!, undefined)).toBe(true);
    expect(isUnread(thread!, '2026-12-01T09:59:59.000Z')).toBe(true);
    expect(isUnread(thread!, '2026-12-01T10:00:00.000Z')).toBe(false);
  });
  it('is read when the clinic wrote last', () => {
    const [answered] = groupThreads([message({ direction: 'outbound', createdAt: '2026-12-01T10:00:00.000Z' })]);
    expect(isUnread(answered!, undefined)).toBe(false);
  });
});

describe('groupByDay', () => {
  it('starts a group at each new day', () => {
    const items = [{ createdAt: '2026-12-01T10:00' }, { createdAt: '2026-12-01T11:00' }, { createdAt: '2026-12-02T09:00' }];
    expect(groupByDay(items, (iso) => iso.slice(0, 10)).map((group) => [group.day, group.items.length])).toEqual([
      ['2026-12-01', 2],
      ['2026-12-02', 1],
    ]);
  });
});

describe('labels', () => {
  it.each([
    ['queued', 'Queued', 'neutral'],
    ['sent', 'Sent', 'brand'],
    ['delivered', 'Delivered', 'ok'],
    ['failed', 'Failed', 'danger'],
    ['blocked_opted_out', 'Blocked: opted out', 'warning'],
    ['something_new', 'something new', 'neutral'],
  ])('%s → %s (%s)', (status, label, tone) => expect(deliveryStatus(status)).toEqual({ label, tone }));

  it('tells staff texts from automated ones', () => {
    expect(authorLabel(message({ direction: 'outbound', kind: 'staff', createdAt: '2026-12-01T10:00:00Z' }))).toBe('Staff');
    expect(authorLabel(message({ direction: 'outbound', kind: 'reminder', createdAt: '2026-12-01T10:00:00Z' }))).toBe('Automated · reminder');
    expect(authorLabel(message({ direction: 'outbound', kind: 'conversation', createdAt: '2026-12-01T10:00:00Z' }))).toBe('Automated reply');
    expect(authorLabel(message({ direction: 'inbound', createdAt: '2026-12-01T10:00:00Z' }))).toBe('Patient');
  });
});
