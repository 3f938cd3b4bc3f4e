import type { ClinicService } from './agent-types';
import {
  buildServiceCreate,
  buildServicePatch,
  draftFromService,
  duplicateNameError,
  emptyDraft,
  isDraftChanged,
  minorFromPounds,
  poundsFromMinor,
  serviceErrorsFromDetails,
  validateServiceDraft,
} from './service-form';

const hydra: ClinicService = {
  id: 'svc-1',
  name: 'HydraFacial',
  description: null,
  durationMinutes: 60,
  priceMinor: 15_050,
  currency: 'GBP',
  depositMinor: 5_000,
  isActive: true,
  practitioners: [],
};

describe('amounts in pounds', () => {
  it.each([
    ['125', 12_500],
    ['125.5', 12_550],
    ['£125.50', 12_550],
    [' 1,250 ', 125_000],
    ['0', 0],
    ['0.05', 5],
  ])('%s → %d pence', (text, minor) => expect(minorFromPounds(text)).toBe(minor));

  it.each(['', 'abc', '12.345', '-5', '1e3', '£', '12.'])('refuses %j', (text) => expect(minorFromPounds(text)).toBeUndefined());

  it('writes pence back as pounds', () => {
    expect(poundsFromMinor(12_550)).toBe('125.50');
    expect(poundsFromMinor(12_500)).toBe('125');
    expect(poundsFromMinor(null)).toBe('');
  });
});

describe('service drafts', () => {
  it('starts from the service and builds a patch of the changed fields only', () => {
    const original = draftFromService(hydra);
    expect(original).toMatchObject({ name: 'HydraFacial', duration: '60', price: '150.50', deposit: '50' });
    expect(isDraftChanged(original, original)).toBe(false);
    const edited = { ...original, price: '160', duration: ' 60 ' };
    expect(isDraftChanged(original, edited)).toBe(true);
    expect(buildServicePatch(original, edited)).toEqual({ priceMinor: 16_000 });
    expect(buildServicePatch(original, { ...original, price: '', deposit: '' })).toEqual({ priceMinor: null, depositMinor: 0 });
  });

  it('builds the POST body of a new row', () => {
    expect(buildServiceCreate({ ...emptyDraft('new-1'), name: ' Zebra peel ', duration: '45', price: '99.99' })).toEqual({
      name: 'Zebra peel',
      durationMinutes: 45,
      priceMinor: 9_999,
      depositMinor: 0,
    });
  });

  it('explains every invalid field', () => {
    const draft = { ...emptyDraft('new-1'), name: '  ', duration: '4', price: '12.345', deposit: 'x' };
    expect(Object.keys(validateServiceDraft(draft)).sort()).toEqual(['deposit', 'duration', 'name', 'price']);
    expect(buildServiceCreate(draft)).toBeUndefined();
    expect(validateServiceDraft({ ...draftFromService(hydra), duration: '601' }).duration).toMatch(/5 to 600/);
    expect(validateServiceDraft({ ...draftFromService(hydra), price: '40', deposit: '50' })).toEqual({ deposit: 'The deposit cannot be more than the price.' });
    // A price on consultation takes any deposit.
    expect(validateServiceDraft({ ...draftFromService(hydra), price: '', deposit: '50' })).toEqual({});
  });

  it('spots a name already used on screen, case-insensitively', () => {
    const rows = [draftFromService(hydra), { ...emptyDraft('new-1'), name: 'hydrafacial ' }];
    expect(duplicateNameError(rows[1]!, rows)).toBe('Another service already has this name.');
    expect(duplicateNameError(rows[0]!, [rows[0]!])).toBeUndefined();
  });

  it("puts the backend's details on the row's fields, else on the row", () => {
    expect(serviceErrorsFromDetails([{ path: 'name', message: 'is already used by another service of the clinic' }], 'fallback')).toEqual({
      name: 'Is already used by another service of the clinic.',
    });
    expect(serviceErrorsFromDetails([{ path: 'durationMinutes', message: 'Too big: expected number to be <=600' }], 'fallback')).toEqual({
      duration: 'Too big: expected number to be <=600.',
    });
    expect(serviceErrorsFromDetails(undefined, 'Could not save.')).toEqual({ row: 'Could not save.' });
  });
});
