import { answerPriceQuestion, type PricedService } from './service-prices';

const service = (name: string, priceMinor: number | null, extra: Partial<PricedService> = {}): PricedService => ({
  id: name,
  name,
  durationMinutes: 30,
  priceMinor,
  currency: 'GBP',
  depositMinor: 0,
  ...extra,
});

const services = [
  service('HydraFacial', 15_000, { durationMinutes: 60 }),
  service('Lip filler (1ml)', 25_050, { depositMinor: 5_000 }),
  service('Skin consultation', 0),
  service('Bespoke peel', null),
  service('Laser hair removal (small area)', 6_000),
  service('Laser hair removal (underarms)', 9_000),
];

describe('answerPriceQuestion', () => {
  it.each([
    ['How much is a HydraFacial?', 'HydraFacial is £150 (60 minutes). Would you like to book?'],
    ['what does lip filler cost', 'Lip filler (1ml) is £250.50 (30 minutes), with a £50 deposit to book. Would you like to book?'],
    ['price of a skin consultation?', 'Skin consultation is free (30 minutes). Would you like to book?'],
    ['How much is the bespoke peel', 'Bespoke peel is priced at a consultation (30 minutes). Would you like to book?'],
    [
      'how much is laser hair removal',
      'Laser hair removal (small area) is £60 (30 minutes); Laser hair removal (underarms) is £90 (30 minutes). Would you like to book?',
    ],
  ])('%s', (text, expected) => {
    expect(answerPriceQuestion(text, services)).toBe(expected);
  });

  it('leaves other questions and unknown services to the knowledge base', () => {
    expect(answerPriceQuestion('Tell me about the HydraFacial', services)).toBeUndefined();
    expect(answerPriceQuestion('How much is parking?', services)).toBeUndefined();
    expect(answerPriceQuestion('How much is a HydraFacial?', [])).toBeUndefined();
  });
});
