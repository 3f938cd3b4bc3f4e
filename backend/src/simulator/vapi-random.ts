/** Deterministic randomness for simulated calls: the same seed replays the same call. */

/** Small, fast, seedable PRNG (mulberry32). */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function hex(random: () => number, length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** A version-4-shaped UUID, like Vapi's call ids. */
export function seededUuid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `call_` + 24 characters, like the OpenAI tool call ids Vapi forwards. */
export function toolCallId(random: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'call_';
  for (let index = 0; index < 24; index += 1) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** A stable 32-bit hash of a scenario name (FNV-1a), mixed into the seed. */
export function scenarioSalt(scenario: string): number {
  let hash = 2_166_136_261;
  for (const char of scenario) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619);
  return hash >>> 0;
}
