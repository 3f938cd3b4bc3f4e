import { isMedicalAdviceRequest } from './medical-advice';

describe('isMedicalAdviceRequest', () => {
  it.each([
    // Diagnosis
    'is this normal?',
    'Is it infected?',
    "do you think it's cancer",
    'Is this an allergic reaction?',
    "what's wrong with my tooth",
    'should I be worried about the redness',
    // Medication and dosing
    'Can I take ibuprofen after my Botox?',
    'what dose of paracetamol is safe',
    'How many units do I need for my forehead?',
    'Should I stop my blood thinners before the treatment?',
    'What cream should I use on the rash?',
    'what should I put on my gum',
    'can I have a glass of wine with my antibiotics',
    // Suitability given a condition or medication
    "I'm on roaccutane, is it ok to have microneedling?",
    "I'm diabetic, can I still have teeth whitening?",
    'I take methotrexate, is microneedling safe for me?',
    // Symptom interpretation
    'my lips are lumpy a week after filler, is that normal?',
    'my skin is peeling a lot after the peel, is that ok?',
    'Is the swelling supposed to last this long?',
    'Is Tylenol ok after fillers?',
    'Do I need antibiotics?',
    'Is it safe for me to get botox with my heart condition?',
  ])('treats %j as a request for medical advice', (text) => {
    expect(isMedicalAdviceRequest(text)).toBe(true);
  });

  it.each([
    'How much is lip filler?',
    'What are your opening hours?',
    'What should I avoid after anti-wrinkle injections?',
    'Do you offer Profhilo?',
    'Can I get filler while pregnant?',
    'Do I need a patch test before laser?',
    'how long does botox last',
    'Is the deposit refundable?',
    'Is it ok to pay by card?',
    "I'm breastfeeding, can I have botox?",
    'How long should I wait after botox before exercising?',
    'Can I book a check-up?',
    '',
  ])('treats %j as clinic information, not advice', (text) => {
    expect(isMedicalAdviceRequest(text)).toBe(false);
  });
});
