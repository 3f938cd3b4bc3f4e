import { describe, expect, it } from '@jest/globals';
import { callBadge, callerLabel, outcomeBadge } from './call-display';

describe('callBadge', () => {
  it('shows the outcome of an ended call and the state of a live one', () => {
    expect(callBadge({ outcome: 'emergency', status: 'ended' })).toEqual({ label: 'Emergency', className: 'badge badge-danger' });
    expect(callBadge({ outcome: null, status: 'in-progress' })).toEqual({ label: 'In progress', className: 'badge badge-brand' });
    expect(callBadge({ outcome: null, status: 'ended' }).label).toBe('No outcome');
  });
});

describe('outcomeBadge', () => {
  it('gives the Live page the same badge as the Calls page, and words for an outcome it does not know', () => {
    expect(outcomeBadge('booked')).toEqual(callBadge({ outcome: 'booked', status: 'ended' }));
    expect(outcomeBadge('voicemail_left')).toEqual({ label: 'Voicemail left', className: 'badge' });
  });
});

describe('callerLabel', () => {
  it('names a known patient and always masks the number', () => {
    const call = { patient: { id: 'p', name: 'Amelia Hart' }, callerName: 'Amelia Hart', fromNumber: '+447700900123', direction: 'inbound' as const };
    expect(callerLabel(call)).toEqual({ name: 'Amelia Hart', number: '+44 •••• ••0123' });
    expect(callerLabel({ ...call, patient: null, callerName: null })).toEqual({ name: null, number: '+44 •••• ••0123' });
  });
});
