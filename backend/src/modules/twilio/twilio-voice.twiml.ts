import twilio from 'twilio';

/**
 * The TwiML of a voice call Twilio runs itself (no Vapi in front), built with the `twilio`
 * package so every text is escaped. Pure: the dialogue decides what is said, these only say it.
 */

// Amazon Polly's neural British voice: Twilio's own `alice` sounds robotic on long sentences.
const VOICE = { voice: 'Polly.Amy-Neural', language: 'en-GB' } as const;
const SPEECH_LANGUAGE = 'en-GB';
// How long Twilio rings the on-call team before the caller hears the fallback.
const DIAL_TIMEOUT_SECONDS = 30;

/** Where a `<Gather>` posts: the turn it answers, and whether the caller was silent just before. */
export function gatherUrlFor(publicBaseUrl: string, turn: number, silenceCount = 0): string {
  const base = `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/twilio/voice/gather?turn=${turn}`;
  return silenceCount > 0 ? `${base}&silence=${silenceCount}` : base;
}

/**
 * Says `text` and listens for the caller's answer. The `<Say>` is inside the `<Gather>` so the
 * caller can speak over it; `actionOnEmptyResult` makes Twilio post silence too, instead of
 * running past the `<Gather>` and hanging up on its own.
 */
export function listenTwiml(text: string, gatherUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({
    input: ['speech'],
    action: gatherUrl,
    method: 'POST',
    speechTimeout: 'auto',
    language: SPEECH_LANGUAGE,
    actionOnEmptyResult: true,
  });
  gather.say(VOICE, text);
  return response.toString();
}

/** Says `text` and connects the caller to `number`; if nobody answers there, `unreachedText` and hang up. */
export function forwardTwiml(text: string, number: string, unreachedText: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, text);
  response.dial({ timeout: DIAL_TIMEOUT_SECONDS }, number);
  response.say(VOICE, unreachedText);
  response.hangup();
  return response.toString();
}

/** Says `text`, then ends the call. */
export function hangUpTwiml(text: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, text);
  response.hangup();
  return response.toString();
}

/** Said after any failure: Twilio would otherwise play its own "application error" message. */
export const VOICE_APOLOGY = 'Sorry, something went wrong on our side. Please call back in a few minutes. Goodbye.';

/** The TwiML answered when anything fails after the request was authenticated. */
export function apologyTwiml(): string {
  return hangUpTwiml(VOICE_APOLOGY);
}
