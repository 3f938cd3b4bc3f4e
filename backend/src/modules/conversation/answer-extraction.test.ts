import { extractAnswer, sentencesOf } from './answer-extraction';

const PRICES = `Price list › Skin treatment prices
| Treatment | Duration | Price |
|---|---|---|
| Chemical peel | 45 min | £95 |
| HydraFacial | 60 min | £150 |`;

const PARKING = `Getting here › Parking
There is no parking at the clinic. Q-Park Cavendish Square is a 5 minute walk. We are step-free.`;

describe('sentencesOf', () => {
  it('turns table rows into sentences and drops the heading-path line', () => {
    expect(sentencesOf(PRICES)).toEqual(['Chemical peel: 45 min, £95', 'HydraFacial: 60 min, £150']);
  });
});

describe('extractAnswer', () => {
  it('quotes the sentence that answers the question, citing its chunk', () => {
    const answer = extractAnswer('how much is a hydrafacial', [
      { chunkId: 'parking', content: PARKING },
      { chunkId: 'prices', content: PRICES },
    ]);
    expect(answer?.text).toContain('£150');
    expect(answer?.text).toMatch(/\.$/);
    expect(answer?.chunkIds).toEqual(['prices']);
  });

  it('answers a parking question from the parking chunk', () => {
    const answer = extractAnswer('is there parking nearby', [{ chunkId: 'parking', content: PARKING }]);
    expect(answer?.text).toContain('Q-Park');
  });

  it('returns nothing when no sentence shares a word with the question', () => {
    expect(extractAnswer('zebra', [{ chunkId: 'parking', content: PARKING }])).toBeUndefined();
  });
});
