import { EMBEDDING_DIMENSIONS } from './embedder';
import { createLocalEmbedder } from './local-embedder';

const embedder = createLocalEmbedder();
const embedOne = async (text: string) => (await embedder.embed([text]))[0]!;
const dot = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);
const norm = (vector: number[]) => Math.sqrt(dot(vector, vector));

const PARKING = 'Getting here › Parking\nThere is no parking on site. The nearest car park is Q-Park Cavendish Square, a 5 minute walk.';
const LIP_PRICES = 'Price list › Dermal filler prices\n| Lip filler (1 ml) | 45 min | £280 |\n| Cheek filler | 45 min | £350 |';
const HOURS = 'FAQ › What are your opening hours?\n- Monday to Friday: 09:00–18:00\n- Saturday: 10:00–14:00\n- Sunday: closed';
const PREGNANCY = 'Policies › Pregnancy and breastfeeding\nNo injectables during pregnancy or breastfeeding, including Botox and lip filler.';
const KLARNA = 'Payment methods\nWe accept card and Apple Pay. Klarna is available for treatments over £250, so you can pay in instalments.';
const NHS = 'Practice policies › Private practice only (no NHS)\nWe do not provide NHS dental treatment.';
const KNOCKED_OUT = 'Dental emergencies › Knocked-out adult tooth\nKeep the tooth in milk and come in immediately.';

describe('local embedder', () => {
  it('describes itself as a 512-dimension model', () => {
    expect(embedder.model).toBe('local-hash-v1');
    expect(embedder.dimensions).toBe(EMBEDDING_DIMENSIONS);
    expect(EMBEDDING_DIMENSIONS).toBe(512);
  });

  it.each([
    ['a chunk', PARKING],
    ['a question', 'wheres ur clinic'],
    ['stop words only', 'is it?'],
    ['punctuation only', '?!'],
    ['an empty string', ''],
    ['a long text', `${HOURS}\n`.repeat(50)],
  ])('returns a unit vector of 512 finite numbers for %s', async (_label, text) => {
    const vector = await embedOne(text);
    expect(vector).toHaveLength(512);
    expect(vector.every(Number.isFinite)).toBe(true);
    expect(Math.abs(norm(vector) - 1)).toBeLessThan(1e-6);
  });

  it('is deterministic across calls and instances', async () => {
    const first = await embedder.embed([PARKING, HOURS]);
    const second = await createLocalEmbedder().embed([PARKING, HOURS]);
    expect(second).toEqual(first);
  });

  it('keeps the order of a batch and embeds each text as it would alone', async () => {
    const batch = await embedder.embed([HOURS, PARKING, LIP_PRICES]);
    expect(batch).toEqual([await embedOne(HOURS), await embedOne(PARKING), await embedOne(LIP_PRICES)]);
    await expect(embedder.embed([])).resolves.toEqual([]);
  });

  it('gives identical texts similarity 1', async () => {
    expect(dot(await embedOne(PARKING), await embedOne(PARKING))).toBeCloseTo(1, 10);
  });

  it.each([
    ['is ther parkin near u', PARKING, LIP_PRICES],
    ['where can i leave my car', PARKING, HOURS],
    ['lip fillr price', LIP_PRICES, PARKING],
    ['hw much r lips', LIP_PRICES, HOURS],
    ['r u open satudays', HOURS, PARKING],
    ['what time do u shut', HOURS, LIP_PRICES],
    ['can i get lips done if im breastfeding', PREGNANCY, PARKING],
    ['can i spread the cost', KLARNA, NHS],
    ['do u do nhs', NHS, KLARNA],
    ['my kid knocked his teeth out', KNOCKED_OUT, NHS],
  ])('puts "%s" closer to its source chunk than to an unrelated one', async (question, source, unrelated) => {
    const query = await embedOne(question);
    expect(dot(query, await embedOne(source))).toBeGreaterThan(dot(query, await embedOne(unrelated)));
  });
});
