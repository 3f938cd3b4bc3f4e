import { analyzeText, correctSpelling, expandQueryTerms, normalizeSlang, stem, tokenize } from './search-vocabulary';

describe('tokenize', () => {
  it.each([
    ['How much is Lip Filler?', ['how', 'much', 'is', 'lip', 'filler']],
    ['£280, £16.50 a month, £1,000 or £ 60', ['£280', '£16.50', 'a', 'month', '£1000', 'or', '£60']],
    ['Mon–Fri 09:00–18:00', ['mon', 'fri', '09:00', '18:00']],
    ['9am to 6pm, 9.30am, 9:00 and 12pm', ['09:00', 'to', '18:00', '09:30', '09:00', 'and', '12:00']],
    ['I am 17 am I allowed', ['i', 'am', '17', 'am', 'i', 'allowed']],
    ['free at 5.30, costs 5.30', ['free', 'at', '05:30', 'costs', '5', '30']],
    ["Regent's Park, 48 hours' notice, don't, I’m", ['regent', 'park', '48', 'hours', 'notice', 'dont', 'im']],
    ['Hablamos español — café', ['hablamos', 'espanol', 'cafe']],
    ['1ml, 14B Wimpole Mews, W1G', ['1', 'ml', '14b', 'wimpole', 'mews', 'w1g']],
    ['step-free, 24/7, 18+', ['step', 'free', '24', '7', '18']],
  ])('%s', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});

describe('normalizeSlang', () => {
  it.each([
    ['wheres ur clinic', ['where', 'your', 'clinic']],
    ['hw much 4 botox 2 areas', ['how', 'much', 'for', 'botox', '2', 'areas']],
    ['4 hours after', ['4', 'hours', 'after']],
    ['r u open sat', ['are', 'you', 'open', 'saturday']],
    ['come 2 the clinic', ['come', 'to', 'the', 'clinic']],
    ['two areas', ['2', 'areas']],
    ['constructor toString', ['constructor', 'tostring']],
  ])('%s', (text, expected) => {
    expect(normalizeSlang(tokenize(text))).toEqual(expected);
  });
});

describe('stem', () => {
  it.each([
    [['cancel', 'cancels', 'cancelled', 'cancelling', 'cancellation'], 'cancel'],
    [['price', 'prices', 'pricing'], 'pric'],
    [['park', 'parks', 'parking', 'parked'], 'park'],
    [['open', 'opens', 'opening', 'opened'], 'open'],
    [['close', 'closed', 'closing'], 'clos'],
    [['tooth', 'teeth'], 'tooth'],
    [['session', 'sessions'], 'session'],
    [['query', 'queries'], 'query'],
  ])('%j → %s', (words, expected) => {
    for (const word of words) expect(stem(word)).toBe(expected);
  });

  it.each(['nhs', 'care', 'need', 'speed', 'bring', '£280', '09:00', 'filler'])('leaves %s alone', (word) => {
    expect(stem(word)).toBe(word);
  });

  it('keeps filler (aesthetics) apart from filling (dental)', () => {
    expect(stem('filler')).not.toBe(stem('filling'));
  });
});

describe('correctSpelling', () => {
  it.each([
    ['parkin', 'parking'],
    ['fillr', 'filler'],
    ['hygenist', 'hygienist'],
    ['whitnening', 'whitening'],
    ['invisaline', 'invisalign'],
    ['profilo', 'profhilo'],
    ['sesions', 'session'],
    ['cancle', 'cancel'],
  ])('%s → %s', (typo, expected) => {
    expect(correctSpelling(typo)).toBe(expected);
  });

  it.each(['parking', 'fillers', 'looking', 'barking', 'change', 'clear', 'water', 'later', 'lip', 'constructor'])(
    'leaves the real word %s alone',
    (word) => {
      expect(correctSpelling(word)).toBeUndefined();
    },
  );
});

describe('analyzeText', () => {
  it.each([
    ['Is there a car park nearby?', ['parking']],
    ['step-free entrance', ['access']],
    ['How much is it?', ['price']],
    ['Lip filler costs £280', ['filler', 'lips', 'price', 'price']],
    ['We open at 09:00', ['hours', 'hours']],
    ['can i get lips done if im breastfeeding', ['lips', 'pregnancy']],
    ['im 17, can I book?', ['age', 'booking']],
    ['I have 2 kids', ['child']],
  ])('%s mentions %j', (text, expected) => {
    expect([...analyzeText(text).concepts].sort()).toEqual([...expected].sort());
  });

  it('drops stop words from terms and stems what is left', () => {
    expect(analyzeText('What are your opening times on Saturdays?')).toEqual(
      expect.objectContaining({ terms: ['opening', 'times', 'saturdays'], stems: ['open', 'time', 'saturday'] }),
    );
  });

  it('stems the correction of a misspelt word but keeps its surface form', () => {
    expect(analyzeText('is ther parkin')).toEqual(
      expect.objectContaining({ terms: ['parkin'], correctedTerms: ['parking'], stems: ['park'], concepts: ['parking'] }),
    );
  });
});

describe('expandQueryTerms', () => {
  it.each([
    ['do u do nhs', ['nhs', 'private'], ['u', 'do']],
    ['is ther parkin', ['parkin', 'parking', 'car'], ['is', 'ther', 'there']],
    ['hw much 4 botox 2 areas', ['botox', '2', 'areas', 'price', 'cost', 'wrinkle'], ['hw', 'much', '4', 'for']],
    ['opening times sat', ['opening', 'times', 'saturday', 'hour', 'closed', 'weekend'], ['sat']],
    ['can i pay in instalments', ['pay', 'instalments', 'klarna', 'finance', 'installment'], ['can', 'in']],
    ['my kid knocked his tooth out', ['kid', 'knocked', 'tooth', 'child', 'teeth'], ['my', 'his']],
    ['open till 5pm?', ['open', 'till', '17', '5pm'], []],
    ['is it £280', ['280', 'price'], ['£280', 'it']],
  ])('%s', (query, included, excluded) => {
    const terms = expandQueryTerms(query);
    expect(terms).toEqual(expect.arrayContaining(included));
    for (const term of excluded) expect(terms).not.toContain(term);
  });

  it('returns distinct words that are safe inside a tsquery', () => {
    for (const query of ["what's the deposit for?! (£50) & | ! <-> 'x'", 'r u open sundays', 'café 09:30 a&e 24/7']) {
      const terms = expandQueryTerms(query);
      expect(new Set(terms).size).toBe(terms.length);
      for (const term of terms) expect(term).toMatch(/^[a-z0-9]+$/);
    }
  });

  it('returns nothing for a question of stop words only', () => {
    expect(expandQueryTerms('is it?')).toEqual([]);
  });
});
