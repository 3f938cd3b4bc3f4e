import { matchService, parseDay, parsePartOfDay, parsePatientName, pickOffer } from './booking-request';

const SERVICES = [
  { id: 'consult', name: 'Free consultation' },
  { id: 'botox-1', name: 'Anti-wrinkle injections (1 area)' },
  { id: 'botox-2', name: 'Anti-wrinkle injections (2 areas)' },
  { id: 'lips', name: 'Lip filler (1 ml)' },
  { id: 'hydra', name: 'HydraFacial' },
  { id: 'check', name: 'Check-up' },
];

// Wednesday 19 November 2025, 10:00 in London.
const NOW = new Date('2025-11-19T10:00:00Z');

describe('matchService', () => {
  it.each([
    ['can i get my lips done', 'lips'],
    ['botox for two areas please', 'botox-2'],
    ['a hydra facial on friday', 'hydra'],
    ['I need a checkup', 'check'],
    ['just a consultation', 'consult'],
  ])('%s → %s', (text, id) => {
    expect(matchService(text, SERVICES)?.id).toBe(id);
  });

  it('finds nothing in unrelated text', () => {
    expect(matchService('where are you based', SERVICES)).toBeUndefined();
  });
});

describe('parseDay', () => {
  it.each([
    ['today please', '2025-11-19'],
    ['tomorrow morning', '2025-11-20'],
    ['next Tuesday afternoon', '2025-11-25'],
    ['on friday', '2025-11-21'],
    ['wednesday', '2025-11-26'],
    ['the 3rd of December', '2025-12-03'],
    ['18 november', '2026-11-18'],
  ])('%s → %s', (text, day) => {
    expect(parseDay(text, NOW, 'Europe/London')).toBe(day);
  });

  it('leaves the day open when none is named', () => {
    expect(parseDay('whenever suits', NOW, 'Europe/London')).toBeUndefined();
  });
});

describe('parsePartOfDay', () => {
  it.each([
    ['tuesday afternoon', 'afternoon'],
    ['first thing in the morning', 'morning'],
    ['after work', 'evening'],
    ['any time', undefined],
  ])('%s → %s', (text, part) => {
    expect(parsePartOfDay(text)).toBe(part);
  });
});

describe('pickOffer', () => {
  const offers = [
    { label: 'Tue 25 Nov at 12:00', time: '12:00' },
    { label: 'Tue 25 Nov at 12:15', time: '12:15' },
    { label: 'Tue 25 Nov at 14:30', time: '14:30' },
  ];
  it.each([
    ['the second one please', 1],
    ['first one', 0],
    ['2', 1],
    ['14:30 works', 2],
    ['the 2.30 one', 2],
    ['the last one', 2],
    ['12:15', 1],
  ])('%s → option %i', (text, index) => {
    expect(pickOffer(text, offers)).toBe(index);
  });

  it('picks nothing from an unrelated reply, and "yes" only when one option was offered', () => {
    expect(pickOffer('how much is it?', offers)).toBeUndefined();
    expect(pickOffer('yes', offers)).toBeUndefined();
    expect(pickOffer('yes please', offers.slice(0, 1))).toBe(0);
  });
});

describe('parsePatientName', () => {
  it.each([
    ["Hi, my name is Olivia Grant and I'd like lip filler", 'Olivia Grant'],
    ["it's Sam here", 'Sam'],
    ['This is Priya.', 'Priya'],
    ["I'm looking for lip filler", undefined],
    ["I'm not sure", undefined],
    ['my name is', undefined],
  ])('%s → %s', (text, name) => {
    expect(parsePatientName(text)).toBe(name);
  });
});
