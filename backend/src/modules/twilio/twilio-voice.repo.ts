import type { Queryable } from '../../platform/db';
import type { TurnStep } from './twilio-voice.rules';

/** A final utterance of the call, in spoken order. */
export type SpokenLine = { role: 'user' | 'assistant'; text: string; spokenAt: Date };

/** A turn's answer, once the delivery that claimed the turn has stored it. */
export type StoredTurn = { twiml: string; step: TurnStep };

/**
 * The Twilio voice dialogue's own rows (`twilio_voice_turns`, migration 0014) and the reads
 * of the call it needs. Calls and transcript segments themselves are written through the calls
 * repo, like every provider's.
 */
export function createTwilioVoiceRepo(db: Queryable) {
  return {
    /** The clinic of a Twilio call: the call we already know by its CallSid, else the called number. */
    async resolveClinic(callSid: string, calledNumber: string | undefined): Promise<string | undefined> {
      const { rows } = await db.query<{ clinic_id: string | null }>(
        `SELECT coalesce(
           (SELECT clinic_id FROM calls WHERE provider = 'twilio' AND provider_call_id = $1),
           (SELECT clinic_id FROM clinic_phone_numbers WHERE e164 = $2)
         ) AS clinic_id`,
        [callSid, calledNumber ?? null],
      );
      return rows[0]?.clinic_id ?? undefined;
    },

    /** True when this delivery claimed the turn; false when another delivery already has. */
    async claimTurn(clinicId: string, callId: string, turn: number, at: Date): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO twilio_voice_turns (clinic_id, call_id, turn, claimed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (call_id, turn) DO NOTHING RETURNING turn`,
        [clinicId, callId, turn, at],
      );
      return rows.length > 0;
    },

    /** Stores the claimed turn's answer; a turn is answered once. */
    async completeTurn(clinicId: string, callId: string, turn: number, answer: StoredTurn, at: Date): Promise<void> {
      await db.query(
        `UPDATE twilio_voice_turns SET twiml = $4, step = $5, completed_at = $6
          WHERE clinic_id = $1 AND call_id = $2 AND turn = $3 AND twiml IS NULL`,
        [clinicId, callId, turn, answer.twiml, answer.step, at],
      );
    },

    /** The turn's stored answer; undefined while the delivery that claimed it is still working. */
    async findTurn(clinicId: string, callId: string, turn: number): Promise<StoredTurn | undefined> {
      const { rows } = await db.query<StoredTurn>(
        'SELECT twiml, step FROM twilio_voice_turns WHERE clinic_id = $1 AND call_id = $2 AND turn = $3 AND twiml IS NOT NULL',
        [clinicId, callId, turn],
      );
      return rows[0];
    },

    /** What the latest answered turn of the call (by CallSid) did: listen, forward, hang up. */
    async lastStepOfCall(clinicId: string, callSid: string): Promise<TurnStep | undefined> {
      const { rows } = await db.query<{ step: TurnStep }>(
        `SELECT t.step FROM twilio_voice_turns t JOIN calls c ON c.id = t.call_id
          WHERE c.clinic_id = $1 AND c.provider = 'twilio' AND c.provider_call_id = $2 AND t.step IS NOT NULL
          ORDER BY t.turn DESC LIMIT 1`,
        [clinicId, callSid],
      );
      return rows[0]?.step;
    },

    /** The caller's and the assistant's final utterances so far, in spoken order. */
    async listSpokenLines(clinicId: string, callId: string): Promise<SpokenLine[]> {
      const { rows } = await db.query<{ role: 'user' | 'assistant'; text: string; spoken_at: Date }>(
        `SELECT role, text, spoken_at FROM transcript_segments
          WHERE clinic_id = $1 AND call_id = $2 AND is_final AND role IN ('user', 'assistant') ORDER BY seq`,
        [clinicId, callId],
      );
      return rows.map((row) => ({ role: row.role, text: row.text, spokenAt: row.spoken_at }));
    },
  };
}

export type TwilioVoiceRepo = ReturnType<typeof createTwilioVoiceRepo>;
