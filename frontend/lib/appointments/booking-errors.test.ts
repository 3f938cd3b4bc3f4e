import { describeBookingFailure } from './booking-errors';

const slot = { startsAt: '2026-12-07T10:15:00.000Z', endsAt: '2026-12-07T11:00:00.000Z', practitionerId: 'p1', practitionerName: 'Sophie Lane' };

describe('describeBookingFailure', () => {
  it('offers the next slots when the slot was taken', () => {
    const failure = describeBookingFailure({ status: 409, code: 'CONFLICT', message: 'That slot was just taken', details: { nextSlots: [slot, { bogus: true }] } });
    expect(failure.message).toBe('That slot was just taken. Choose another time; the free times are up to date.');
    expect(failure.alternatives).toEqual([slot]);
    expect(failure.fields).toEqual({});
  });

  it('maps validation issues onto the form’s fields', () => {
    const failure = describeBookingFailure({
      status: 400,
      code: 'INVALID_INPUT',
      message: 'Invalid patientName: Too big',
      details: [
        { path: 'patientName', message: 'Too big' },
        { path: 'notes', message: 'Too long' },
        { path: 'unknown', message: 'ignored' },
      ],
    });
    expect(failure.fields).toEqual({ patientName: 'Too big', notes: 'Too long' });
    expect(failure.message).toBe('Invalid patientName: Too big');
  });

  it('puts the phone number’s rejection on the phone field', () => {
    const failure = describeBookingFailure({ status: 400, code: 'INVALID_INPUT', message: 'Invalid phone: not a valid phone number' });
    expect(failure.fields).toEqual({ patientPhone: 'not a valid phone number' });
  });

  it('explains a time outside opening hours with alternatives', () => {
    const failure = describeBookingFailure({ status: 400, code: 'INVALID_INPUT', message: 'That time is in the past', details: { nextSlots: [slot] } });
    expect(failure.alternatives).toHaveLength(1);
    expect(failure.message).toMatch(/^That time is in the past\. Choose another time/);
  });
});
