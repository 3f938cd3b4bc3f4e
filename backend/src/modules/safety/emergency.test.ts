import { detectEmergency, emergencyNumberFor, type EmergencyKind } from './emergency';

describe('detectEmergency', () => {
  it.each<[string, EmergencyKind]>([
    ['I can not breathe properly', 'breathing'],
    ['im finding it hard to breath', 'breathing'],
    ["I'm wheezing and my chest is tight", 'breathing'],
    ['my throat is closing up', 'anaphylaxis'],
    ['my tongue is swelling', 'anaphylaxis'],
    ['my lips are swelling up really fast', 'anaphylaxis'],
    ['allergic reaction, my face is puffing up', 'anaphylaxis'],
    ['I’m having chest pains', 'chest_pain'],
    ['crushing pain in my chest', 'chest_pain'],
    ['the bleeding won’t stop after my extraction', 'heavy_bleeding'],
    ["I can't stop bleeding", 'heavy_bleeding'],
    ['there is blood everywhere', 'heavy_bleeding'],
    ['my dad collapsed in the car park', 'collapse'],
    ["she's not breathing", 'collapse'],
    ['he is having a seizure', 'collapse'],
    ["I feel like I'm going to pass out", 'collapse'],
    ['My lip has gone white since the filler', 'vascular_occlusion'],
    ['the skin on my nose is turning blue after the injection', 'vascular_occlusion'],
    ['skin looks mottled and dusky after filler', 'vascular_occlusion'],
    ['the pain after my cheek filler is getting worse and worse', 'vascular_occlusion'],
    ['my vision went blurry after the filler', 'vision_change'],
    ['I have double vision', 'vision_change'],
    ["I can't see properly out of my left eye", 'vision_change'],
    ['my abscess has made my neck swell', 'facial_swelling'],
    ['I can hardly swallow', 'facial_swelling'],
    ['i cnat breathe', 'breathing'],
    ['my chest is killing me', 'chest_pain'],
    ["my vision's gone funny after the tear trough", 'vision_change'],
    ['I think my mum is having a stroke', 'stroke'],
    ['everyone would be better off without me', 'self_harm'],
    ["my face is swollen and it's spreading to my eye from the bad tooth", 'facial_swelling'],
    ["I don't want to be alive anymore", 'self_harm'],
    ['I want to kill myself', 'self_harm'],
    ['I just want to end it all', 'self_harm'],
    ['I used to self harm and I am thinking about it again', 'self_harm'],
    ["I've taken an overdose", 'overdose'],
    ['took the whole packet of paracetamol', 'overdose'],
  ])('flags %j as %s', (text, kind) => {
    const result = detectEmergency(text);
    expect(result).toMatchObject({ isEmergency: true, kind });
    expect(result.matched).toEqual(expect.any(String));
  });

  it.each([
    // Negation
    'no chest pain, just a question about aftercare',
    "I'm not bleeding, just a small bruise",
    'the bruising is gone, no swelling',
    'no difficulty breathing or anything',
    'I never fainted',
    "I'm not suicidal, just stressed about money",
    // Figures of speech
    "I'm dying to get my lips done before my wedding",
    'these prices are killing me, any offers?',
    'my heart skipped a beat when I saw the price',
    'breathtaking results!',
    'the results took my breath away',
    'I nearly had a heart attack at the bill',
    "I'd kill for lips like that",
    "I'm killing myself laughing at your advert",
    'my bank balance is bleeding after Christmas',
    // Past / resolved / hypothetical
    "had swelling last month, it's fine now",
    "my lip went white last week after filler but it's fine now",
    'I fainted at a blood test years ago',
    'what happens if my skin turns white after filler?',
    // Ordinary clinic talk
    'my lips are a bit swollen the day after filler',
    'the white filling at the back has fallen out',
    "I can't see any slots on your website",
    'Does the laser hurt?',
    'the tooth is killing me, can I get an emergency appointment?',
    "the pain isn't severe after filler",
    "I had chest pain last year but I'm all good now",
    'my daughter has a seizure disorder, is laser ok?',
    'do you treat patients with breathing problems?',
    'I passed my driving test, can I book lips?',
    '',
  ])('does not flag %j', (text) => {
    expect(detectEmergency(text)).toEqual({ isEmergency: false });
  });

  it('flags a current symptom even when an earlier sentence was resolved', () => {
    expect(detectEmergency("The bruise is fine now. But my throat is swelling up.").isEmergency).toBe(true);
  });

  it.each([
    "I'm fine, just my throat is closing up",
    "I'm having side effects, my throat is swelling",
    'had filler last week and now my lip has gone white',
  ])('does not mistake %j for a resolved or hypothetical mention', (text) => {
    expect(detectEmergency(text).isEmergency).toBe(true);
  });

  it('flags a symptom after a negated one in the same sentence', () => {
    expect(detectEmergency('I have no rash but my throat is swelling').kind).toBe('anaphylaxis');
  });
});

describe('emergencyNumberFor', () => {
  it.each([
    ['GB', '999'],
    ['gb', '999'],
    ['IE', '999'],
    ['US', '911'],
    ['CA', '911'],
    ['AU', '000'],
    ['FR', '112'],
    ['DE', '112'],
    ['ZZ', '112'],
    ['', '112'],
  ])('%j → %s', (country, number) => {
    expect(emergencyNumberFor(country)).toBe(number);
  });
});
