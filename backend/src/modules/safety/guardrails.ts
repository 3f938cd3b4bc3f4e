/**
 * Last line of defence on every generated reply, whatever produced it (LLM or deterministic
 * responder): no clinical judgement, no numbers we did not publish, nothing internal, and a shape
 * that suits the channel (an SMS segment budget, or two spoken sentences).
 */
export type GuardrailChannel = 'sms' | 'voice';

export interface GuardrailOptions {
  channel: GuardrailChannel;
  allowedPhoneNumbers: string[];
}

export interface GuardrailResult {
  reply: string;
  violations: string[];
}

export const MEDICAL_DEFLECTION = "I can't give medical advice, but I can arrange for one of our clinicians to call you back.";
const EMPTY_FALLBACK = 'I can arrange for one of our team to call you back.';
export const SMS_MAX_CHARS = 320;
export const VOICE_MAX_SENTENCES = 2;

const MEDICAL_PATTERNS: readonly RegExp[] = [
  /\b(take|taking|have|use)\s+(up to\s+)?\d+(\.\d+)?\s*(mg|mcg|µg|g|ml|milligrams?|micrograms?|tablets?|pills?|capsules?|puffs?|drops?)\b/i,
  /\b\d+(\.\d+)?\s*(mg|mcg|milligrams?|micrograms?)\b/i,
  /\b(\d+|one|two|three|four)\s+(tablets?|pills?|capsules?)\s+(every|a|per|twice|three times)\b/i,
  /\byou\s+(probably\s+|might\s+|may\s+|likely\s+|definitely\s+|clearly\s+)?(have|'ve got|have got)\s+(an?\s+)?(\w+\s+)?(infection|abscess|allergy|allergic reaction|cancer|rosacea|eczema|cellulitis|necrosis|occlusion|herpes|condition|tumou?r)\b/i,
  /\b(it'?s|it is|that'?s|that is|this is|which is|is)\s+(perfectly\s+|completely\s+|totally\s+|quite\s+|very\s+|entirely\s+)?normal\b/i,
  /\bnothing to worry about\b/i,
  /\b(that|it|this)\s+sounds\s+like\b/i,
  /\bsounds\s+like\s+(you|an?|it)\b/i,
  /\byou\s+should\s+(stop|start|keep|continue)\s+taking\b/i,
  /\b(stop|start)\s+taking\s+(your|the)\b/i,
  /\byou\s+should\s+take\b/i,
  /\b(i|we)\s+(recommend|suggest|advise)\s+(taking|that you take|using)\b/i,
  /\byou('re| are)\s+(fine|safe)\s+to\s+(take|stop|have)\b/i,
];

const INTERNAL_NOTE: readonly RegExp[] = [
  /\[\s*internal[^\]]*\]/gi,
  /\[\s*(note|todo|staff only|system)[^\]]*\]/gi,
  /(^|\s)(NOTE|TODO|FIXME|INTERNAL)\s*:[^\n]*/g,
  /(^|\s)TODO\b[^.\n]*\.?/g,
];

/** A leading +, 0, 00 or "(" keeps prices, times and dates out; 9–15 digits is any E.164 length. */
const PHONE_CANDIDATE = /(?:\+|\(|\b0)[\d\s().-]{6,}\d|\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b/g;

function digitsOf(value: string): string {
  return value.replace(/\D/g, '').replace(/^00/, '');
}

/** "07700 900123" and "+447700900123" are one number: compare without the trunk 0 / country code. */
function isSameNumber(a: string, b: string): boolean {
  const x = a.replace(/^0/, '');
  const y = b.replace(/^0/, '');
  if (x.length < 7 || y.length < 7) return x === y;
  return x.endsWith(y) || y.endsWith(x);
}

function stripUnlistedPhoneNumbers(reply: string, allowed: readonly string[]): { text: string; isChanged: boolean } {
  const allowedDigits = allowed.map(digitsOf).filter((d) => d.length > 0);
  let isChanged = false;
  const text = reply.replace(PHONE_CANDIDATE, (candidate) => {
    const digits = digitsOf(candidate);
    if (digits.length < 9 || digits.length > 15) return candidate;
    if (allowedDigits.some((d) => isSameNumber(d, digits))) return candidate;
    isChanged = true;
    return 'our main line';
  });
  return { text, isChanged };
}

function stripMarkdown(reply: string): string {
  return reply
    .replace(/\[([^\]]+)\]\((?:[^)]+)\)/g, '$1')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,!?]|$)/g, '$1$2')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*[-*+•]\s+/gm, '')
    .replace(/^\s*\d+[.)]\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    // List items become a spoken list instead of running together.
    .replace(/([^\s.!?,;:])[ \t]*\n+\s*(?=\S)/g, '$1, ');
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,!?;:])/g, '$1')
    .replace(/([(])\s*[)]/g, '')
    .replace(/([.,!?])\1+/g, '$1')
    .replace(/^[\s.,;:]+/, '')
    .trim();
}

/** Sentences end at . ! ? followed by a space, so "£1.50" stays whole and "Dr. Hart" is not a break. */
function splitIntoSentences(text: string): string[] {
  return text
    .split(/(?<!\b(?:Dr|Mr|Mrs|Ms|St|e\.g|i\.e)\.)(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function keepFirstQuestion(sentences: string[]): { sentences: string[]; isChanged: boolean } {
  let hasQuestion = false;
  let isChanged = false;
  const kept = sentences.filter((sentence) => {
    if (!sentence.includes('?')) return true;
    if (hasQuestion) {
      isChanged = true;
      return false;
    }
    hasQuestion = true;
    return true;
  });
  return { sentences: kept, isChanged };
}

function capSms(sentences: string[]): { text: string; isChanged: boolean } {
  const full = sentences.join(' ');
  if (full.length <= SMS_MAX_CHARS) return { text: full, isChanged: false };
  let text = '';
  for (const sentence of sentences) {
    const next = text ? `${text} ${sentence}` : sentence;
    if (next.length > SMS_MAX_CHARS) break;
    text = next;
  }
  if (!text) {
    // A single overlong sentence: cut at a word boundary rather than mid-word.
    const cut = full.slice(0, SMS_MAX_CHARS - 1);
    text = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trim()}…`;
  }
  return { text, isChanged: true };
}

export function applyOutputGuardrails(reply: string, options: GuardrailOptions): GuardrailResult {
  if (MEDICAL_PATTERNS.some((p) => p.test(reply))) {
    return { reply: MEDICAL_DEFLECTION, violations: ['medical_advice'] };
  }
  const violations: string[] = [];
  let text = reply;

  const withoutNotes = INTERNAL_NOTE.reduce((acc, pattern) => acc.replace(pattern, ' '), text);
  if (withoutNotes !== text) violations.push('internal_note');
  text = withoutNotes;

  const phones = stripUnlistedPhoneNumbers(text, options.allowedPhoneNumbers);
  if (phones.isChanged) violations.push('unlisted_phone_number');
  text = phones.text;

  if (options.channel === 'voice') {
    const plain = stripMarkdown(text);
    if (plain !== text) violations.push('markdown');
    text = plain;
  }

  const questions = keepFirstQuestion(splitIntoSentences(tidy(text)));
  if (questions.isChanged) violations.push('multiple_questions');

  let sentences = questions.sentences;
  if (options.channel === 'voice' && sentences.length > VOICE_MAX_SENTENCES) {
    sentences = sentences.slice(0, VOICE_MAX_SENTENCES);
    violations.push('too_long');
  }
  const capped = options.channel === 'sms' ? capSms(sentences) : { text: sentences.join(' '), isChanged: false };
  if (capped.isChanged) violations.push('too_long');

  const finalText = capped.text.trim();
  if (!finalText) return { reply: EMPTY_FALLBACK, violations: [...violations, 'empty_reply'] };
  return { reply: finalText, violations };
}
