import { classifyIntent, type Intent } from './intent';

describe('classifyIntent', () => {
  it.each<[string, Intent]>([
    ['Can I book a consultation for next Tuesday?', 'book'],
    ['do you have any availability on thursday', 'book'],
    ["I had a bit of bruising after botox last month, it's fine now, can I rebook?", 'book'],
    ['I need to move my appointment to Friday', 'reschedule'],
    ['Is it possible to reschedule?', 'reschedule'],
    ["I can't make Tuesday anymore, can we do Thursday instead?", 'reschedule'],
    ['Please cancel my appointment tomorrow', 'cancel'],
    ["I won't be able to make it", 'cancel'],
    ['I just wanted to confirm my appointment', 'confirm'],
    ['What time do you close today?', 'question'],
    ['How much is a HydraFacial?', 'question'],
    ['Do you offer Profhilo?', 'question'],
    ["What's your cancellation policy?", 'question'],
    ['Do you do emergency dental appointments?', 'question'],
    ['Thanks so much, that’s really helpful!', 'smalltalk'],
    ['hello', 'smalltalk'],
    ['bye!', 'smalltalk'],
    ['Can I speak to a real person please', 'human'],
    ['put me through to reception', 'human'],
    ["I'm really unhappy with my results and I want a refund", 'complaint'],
    ['I’m having chest pains', 'emergency'],
    ['I want to kill myself', 'emergency'],
    ['I wanna set up an appointment', 'book'],
    ['My kid chipped a tooth, can you see him today?', 'book'],
    ['Can you move me to 3pm?', 'reschedule'],
    ['Hiya, how are you?', 'smalltalk'],
    ['purple monkey dishwasher', 'other'],
  ])('%j → %s', (text, intent) => {
    expect(classifyIntent(text).intent).toBe(intent);
  });

  it.each<[string, boolean, Intent]>([
    ['yes that’s fine', true, 'confirm'],
    ['yep', true, 'confirm'],
    ['sounds good', true, 'confirm'],
    ['yes that’s fine', false, 'other'],
  ])('%j with a pending offer %s → %s', (text, hasPendingOffer, intent) => {
    expect(classifyIntent(text, { hasPendingOffer }).intent).toBe(intent);
  });

  it.each<[string, boolean]>([
    ['Can I speak to a real person please', true],
    ['Are you a robot? I want to talk to a human', true],
    ["I'd like to speak to Dr Hart directly", true],
    ['transfer me to the receptionist', true],
    ['can someone from the clinic call me back', true],
    ['operator', true],
    ['Can I book in with Dr Hart?', false],
    ['are you a robot?', false],
    ['can I talk to you about prices', false],
  ])('humanRequested(%j) = %s', (text, expected) => {
    expect(classifyIntent(text).humanRequested).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['This is the worst service I’ve ever had', true],
    ["I'm going to take legal action against the clinic", true],
    ['my solicitor will be in touch', true],
    ["I'm going to report you", true],
    ['I want my money back', true],
    ['Is the deposit refundable?', false],
    ["I'm really happy with my results", false],
    ['my tooth pain is terrible', false],
    ['your receptionist hung up on me', true],
  ])('complaint(%j) = %s', (text, expected) => {
    expect(classifyIntent(text).complaint).toBe(expected);
  });

  it('keeps the human and complaint flags when the intent is an emergency', () => {
    expect(classifyIntent("I can't breathe, get me a real person")).toEqual({
      intent: 'emergency',
      humanRequested: true,
      complaint: false,
    });
  });
});
