import { buildAgentPatch, fieldErrorsFromDetails, formatMoney, formFromSettings, isE164, isPatchEmpty, validateAgentForm, type AgentForm } from './agent-form';
import type { AgentSettings } from './agent-types';

function makeSettings(overrides: Partial<AgentSettings> = {}): AgentSettings {
  return {
    name: 'Ava',
    firstMessage: 'Hello, Harley Street Aesthetics.',
    voice: { provider: 'azure', voiceId: 'en-GB-SoniaNeural' },
    instructions: 'Warm and concise.',
    safeMode: true,
    recordingEnabled: true,
    onCallNumber: '+447700900123',
    emergencyLine: null,
    languages: ['English', 'Spanish'],
    reminders: { dayBefore: true, twoHoursBefore: false },
    alerts: { notifyOwnerOfBookings: false, textOnCallForEmergencies: true },
    openingHours: [
      { weekday: 1, opensAt: '09:00', closesAt: '18:00' },
      { weekday: 6, opensAt: '10:00', closesAt: '12:00' },
      { weekday: 6, opensAt: '13:00', closesAt: '16:00' },
    ],
    publicEmergencyNumber: '999',
    vapiSync: { isEnabled: false, status: 'disabled', assistantId: null, lastSyncedAt: null, lastError: null, message: 'off' },
    ...overrides,
  };
}

function makeForm(changes: Partial<AgentForm> = {}): AgentForm {
  return { ...formFromSettings(makeSettings()), ...changes };
}

describe('formFromSettings', () => {
  it('puts every weekday in the form, closed ones empty', () => {
    const form = formFromSettings(makeSettings({ firstMessage: null }));
    expect(form.firstMessage).toBe('');
    expect(form.emergencyLine).toBe('');
    expect(form.hours[1]).toEqual([{ opensAt: '09:00', closesAt: '18:00' }]);
    expect(form.hours[6]).toHaveLength(2);
    expect(form.hours[7]).toEqual([]);
  });
});

describe('isE164', () => {
  it.each(['+447700900123', '+44 7700 900123', '+1 (415) 555-0100', '+33612345678'])('accepts %s', (value) => {
    expect(isE164(value)).toBe(true);
  });
  it.each(['07700900123', '+12', '+0447700900123', '+44 7700 900123 ext 4', 'call me', '+4477009001234567'])('refuses %s', (value) => {
    expect(isE164(value)).toBe(false);
  });
});

describe('validateAgentForm', () => {
  it('accepts the loaded settings', () => {
    expect(validateAgentForm(makeForm())).toEqual({});
  });

  it('names each problem by its field key', () => {
    const errors = validateAgentForm(
      makeForm({
        name: ' ',
        voiceId: 'bad/voice',
        onCallNumber: '+12',
        emergencyLine: '0207 946 0000',
        languages: ['', 'x'],
        hours: { 1: [{ opensAt: '18:00', closesAt: '09:00' }], 2: [{ opensAt: '09:00', closesAt: '13:00' }, { opensAt: '12:00', closesAt: '17:00' }], 3: [], 4: [], 5: [], 6: [], 7: [] },
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(
      ['emergencyLine', 'hours.1.0.closesAt', 'hours.2.1.opensAt', 'languages.1', 'name', 'onCallNumber', 'voiceId'].sort(),
    );
    expect(errors['hours.1.0.closesAt']).toBe('Closing must be after opening.');
    expect(errors['hours.2.1.opensAt']).toBe('Overlaps the period before it.');
  });

  it('needs an on-call number while emergencies are texted to it', () => {
    expect(validateAgentForm(makeForm({ onCallNumber: '' })).onCallNumber).toContain('on-call number');
    expect(validateAgentForm(makeForm({ onCallNumber: '', textOnCallForEmergencies: false }))).toEqual({});
  });

  it('needs at least one language', () => {
    expect(validateAgentForm(makeForm({ languages: [' '] })).languages).toBe('Add at least one language.');
  });
});

describe('buildAgentPatch', () => {
  it('sends nothing for an untouched form', () => {
    expect(isPatchEmpty(buildAgentPatch(makeForm(), makeForm()))).toBe(true);
  });

  it('sends only what changed, in the API shape', () => {
    const initial = makeForm();
    const edited = makeForm({
      firstMessage: '  ',
      voiceId: 'en-GB-LibbyNeural',
      onCallNumber: '+44 7700 900999',
      remindTwoHoursBefore: true,
      languages: ['English', ' Spanish ', ''],
    });
    expect(buildAgentPatch(initial, edited)).toEqual({
      firstMessage: null,
      voice: { provider: 'azure', voiceId: 'en-GB-LibbyNeural' },
      onCallNumber: '+447700900999',
      reminders: { twoHoursBefore: true },
    });
  });

  it('replaces the whole timetable, weekdays in order, when any period changed', () => {
    const initial = makeForm();
    const edited = makeForm({ hours: { ...initial.hours, 7: [{ opensAt: '10:00', closesAt: '14:00' }], 1: [] } });
    expect(buildAgentPatch(initial, edited)).toEqual({
      openingHours: [
        { weekday: 6, opensAt: '10:00', closesAt: '12:00' },
        { weekday: 6, opensAt: '13:00', closesAt: '16:00' },
        { weekday: 7, opensAt: '10:00', closesAt: '14:00' },
      ],
    });
  });
});

describe('fieldErrorsFromDetails', () => {
  it('maps backend paths onto the form fields', () => {
    const form = makeForm();
    const errors = fieldErrorsFromDetails(
      [
        { path: 'onCallNumber', message: 'is not a phone number (use international format, e.g. +447700900123)' },
        { path: 'voice.voiceId', message: 'must be a voice id from the provider' },
        { path: 'openingHours.2.closesAt', message: 'closesAt must be after opensAt' },
        { path: 'languages.0', message: 'Too small' },
        { path: '', message: 'send at least one field to change' },
      ],
      form,
    );
    expect(errors).toEqual({
      onCallNumber: 'Is not a phone number (use international format, e.g. +447700900123)',
      voiceId: 'Must be a voice id from the provider.',
      'hours.6.1.closesAt': 'ClosesAt must be after opensAt.',
      'languages.0': 'Too small.',
      form: 'Send at least one field to change.',
    });
  });

  it('ignores anything that is not a details list', () => {
    expect(fieldErrorsFromDetails(undefined, makeForm())).toEqual({});
    expect(fieldErrorsFromDetails({ path: 'name' }, makeForm())).toEqual({});
  });
});

describe('formatMoney', () => {
  it('shows whole pounds without pence and pence when there are some', () => {
    expect(formatMoney(18000, 'GBP')).toBe('£180');
    expect(formatMoney(9950, 'GBP')).toBe('£99.50');
    expect(formatMoney(null, 'GBP')).toBe('Price on request');
  });
});
