import { applySmsStatuses, smsStatusAdvances } from './sms-status';

/** Every ordering of the given items. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('SMS delivery status', () => {
  it.each([
    [['sent', 'delivered'], 'delivered'],
    [['sent', 'failed'], 'failed'],
    [['sending', 'sent', 'undelivered'], 'undelivered'],
    [['queued', 'sending', 'sent', 'delivered', 'read'], 'read'],
  ])('every arrival order of %j ends in %s', (statuses, final) => {
    for (const order of permutations(statuses)) expect(applySmsStatuses('queued', order)).toBe(final);
  });

  it('keeps the state when a callback repeats', () => {
    expect(applySmsStatuses('queued', ['sent', 'sent', 'delivered', 'delivered', 'sent'])).toBe('delivered');
  });

  it('lets the first final answer stand when a second one of the same stage arrives', () => {
    expect(applySmsStatuses('sent', ['failed', 'delivered'])).toBe('failed');
    expect(applySmsStatuses('sent', ['delivered', 'failed'])).toBe('delivered');
  });

  it('never moves backwards, and ignores statuses it does not know', () => {
    expect(smsStatusAdvances('delivered', 'sent')).toBe(false);
    expect(smsStatusAdvances('sent', 'queued')).toBe(false);
    expect(smsStatusAdvances('sent', 'teleported')).toBe(false);
  });

  it('lets a provider status replace our own pre-send state, but not a message blocked for an opt-out', () => {
    expect(smsStatusAdvances('held_quiet_hours', 'sent')).toBe(true);
    expect(smsStatusAdvances('blocked_opted_out', 'delivered')).toBe(false);
  });
});
