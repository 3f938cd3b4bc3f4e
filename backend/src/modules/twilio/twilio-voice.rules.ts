import { buildFirstMessage, type AssistantClinic } from '../vapi/vapi.assistant';

/**
 * The pure rules of a Twilio-run voice call: where a gather turn is, what Twilio's call
 * statuses mean for our call, how a call ended, and what the assistant says when it opens the
 * call or hears nothing. Table-tested in test/twilio-voice.test.ts.
 */

/** What the TwiML of a turn does next; the last one of a call explains how the call ended. */
export type TurnStep = 'listen' | 'forward' | 'hang-up' | 'silence-timeout';

export type GatherPosition = { turn: number; silenceCount: number };

const MAX_TURN = 10_000;

/**
 * The turn a `<Gather>` answer belongs to, from the query string we put on its action URL (the
 * URL is part of Twilio's signature, so it is ours); undefined when it is not one we built.
 */
export function parseGatherPosition(query: Record<string, unknown>): GatherPosition | undefined {
  const turn = typeof query.turn === 'string' && /^\d{1,5}$/.test(query.turn) ? Number(query.turn) : NaN;
  if (!Number.isInteger(turn) || turn < 1 || turn > MAX_TURN) return undefined;
  if (query.silence === undefined) return { turn, silenceCount: 0 };
  if (query.silence !== '1') return undefined;
  return { turn, silenceCount: 1 };
}

const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Twilio's final call statuses: the call is over, whatever arrives after. */
export function isFinalCallStatus(callStatus: string): boolean {
  return FINAL_STATUSES.has(callStatus);
}

/**
 * A live Twilio status in the call vocabulary Vapi calls use (their ranks order every status
 * change, migration 0012): `initiated` is Twilio's `queued` for calls it places itself.
 */
export function liveStatusOf(callStatus: string): 'queued' | 'ringing' | 'in-progress' | undefined {
  switch (callStatus) {
    case 'queued':
    case 'initiated':
      return 'queued';
    case 'ringing':
      return 'ringing';
    case 'in-progress':
      return 'in-progress';
    default:
      return undefined;
  }
}

/**
 * Why a call ended, in the ended-reason words Vapi uses (the outcome rules read them): Twilio
 * only says `completed`, so who hung up comes from the last step of our own dialogue.
 */
export function endedReasonOf(callStatus: string, lastStep: TurnStep | undefined): string {
  switch (callStatus) {
    case 'busy':
      return 'customer-busy';
    case 'no-answer':
      return 'customer-did-not-answer';
    case 'failed':
      return 'twilio-failed-to-connect-call';
    case 'canceled':
      return 'customer-ended-call';
  }
  switch (lastStep) {
    case 'forward':
      return 'assistant-forwarded-call';
    case 'silence-timeout':
      return 'silence-timed-out';
    case 'hang-up':
      return 'assistant-ended-call';
    default:
      return 'customer-ended-call';
  }
}

/** Twilio's `CallDuration` in whole seconds; undefined when absent or not a count. */
export function durationSecondsOf(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** `inbound`, or one of Twilio's `outbound-api` / `outbound-dial`. */
export function directionOf(raw: string | undefined): 'inbound' | 'outbound' {
  return raw?.startsWith('outbound') ? 'outbound' : 'inbound';
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The caller's number when Twilio knows it: withheld numbers arrive as `anonymous` or junk. */
export function callerNumberOf(from: string | undefined): string | undefined {
  return from && E164.test(from) ? from : undefined;
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/**
 * The greeting Twilio says when it answers: the clinic's own first message when it has one,
 * otherwise a default that says who the caller is speaking with. Either way it goes through the
 * Vapi assistant's `buildFirstMessage`, so a caller hears the same AI disclosure and recording
 * notice on both voice paths, and a returning caller is greeted by first name.
 */
export function buildVoiceGreeting(clinic: AssistantClinic, callerName?: string | null): string {
  const { settings } = clinic;
  const recording = settings.recordingEnabled ? ', and this call may be recorded' : '';
  const firstMessage =
    settings.firstMessage ??
    `Hello, thank you for calling ${clinic.name}. You're speaking with ${settings.name}, ${possessive(clinic.name)} AI receptionist${recording}. How can I help you today?`;
  return buildFirstMessage({ ...clinic, settings: { ...settings, firstMessage } }, callerName);
}

export const SILENCE_PREFIX = "Sorry, I didn't catch that.";

/**
 * The re-prompt after a silence repeats what the assistant last said: the engine keeps no
 * state but the conversation, so a pending offer of times ("I can offer …") must still be the
 * assistant's last words when the caller then picks one.
 */
export function repromptFor(lastAssistantText: string | undefined): string {
  return lastAssistantText ? `${SILENCE_PREFIX} ${lastAssistantText}` : `${SILENCE_PREFIX} How can I help you today?`;
}
