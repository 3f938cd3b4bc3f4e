import type { Clock } from '../../platform/jobs/job-types';
import type { Logger } from '../../platform/logger';
import type { CallRef } from '../calls/calls.repo';
import type { StoredTurn, TwilioVoiceRepo } from './twilio-voice.repo';
import { apologyTwiml } from './twilio-voice.twiml';

// A retried turn waits this long for the delivery answering it elsewhere; Twilio waits 15 s in all.
const TURN_WAIT_MS = 10_000;
const TURN_POLL_MS = 50;

/** A turn's answer, and whether this delivery produced it or got the one another produced. */
export type TurnReply = { twiml: string; result: 'processed' | 'duplicate' };

/**
 * The exactly-once gate of a dialogue turn (greeting = 0, then one per `<Gather>` answer).
 * Twilio retries a request whose connection failed, and a retry can reach another instance
 * while the first is still running the engine: the turn's row in `twilio_voice_turns` is
 * claimed by one delivery, which produces the answer and stores its TwiML — an apology if
 * producing it failed — while duplicates on this instance share its promise and those
 * elsewhere read the stored TwiML. Running the engine twice could book or escalate twice.
 */
export function createTurnGate(deps: { repo: TwilioVoiceRepo; clock: Clock; logger: Logger }) {
  const running = new Map<string, Promise<StoredTurn>>();

  async function waitForStoredTurn(call: CallRef, turn: number): Promise<StoredTurn> {
    const deadline = Date.now() + TURN_WAIT_MS;
    while (Date.now() < deadline) {
      const stored = await deps.repo.findTurn(call.clinicId, call.id, turn);
      if (stored) return stored;
      await new Promise((resolve) => setTimeout(resolve, TURN_POLL_MS));
    }
    // The delivery that claimed the turn died mid-way. Asking the engine again could act
    // twice, so this delivery fails and the caller hears the route's apology instead.
    throw new Error('turn claimed but never answered');
  }

  async function claimAndProduce(call: CallRef, turn: number, produce: () => Promise<StoredTurn>): Promise<StoredTurn & { isClaimed: boolean }> {
    if (!(await deps.repo.claimTurn(call.clinicId, call.id, turn, deps.clock.now()))) {
      return { ...(await waitForStoredTurn(call, turn)), isClaimed: false };
    }
    let answer: StoredTurn;
    try {
      answer = await produce();
    } catch (error) {
      deps.logger.error('twilio voice turn failed', { clinicId: call.clinicId, callId: call.id, turn, error });
      answer = { twiml: apologyTwiml(), step: 'hang-up' };
    }
    await deps.repo.completeTurn(call.clinicId, call.id, turn, answer, deps.clock.now());
    return { ...answer, isClaimed: true };
  }

  return {
    /** The turn's TwiML: produced by `produce` exactly once per call and turn, on any instance. */
    async answer(call: CallRef, turn: number, produce: () => Promise<StoredTurn>): Promise<TurnReply> {
      const key = `${call.id}:${turn}`;
      const shared = running.get(key);
      if (shared) return { twiml: (await shared).twiml, result: 'duplicate' };
      const run = claimAndProduce(call, turn, produce);
      running.set(key, run);
      try {
        const answer = await run;
        return { twiml: answer.twiml, result: answer.isClaimed ? 'processed' : 'duplicate' };
      } finally {
        running.delete(key);
      }
    },
  };
}
