import fs from 'node:fs';
import { detectEmergency } from './emergency';
import { classifyIntent, type Intent } from './intent';
import { isMedicalAdviceRequest } from './medical-advice';

/** One labelled line of `eval/safety.jsonl`; every label is optional and scored only when present. */
export interface SafetyCase {
  text: string;
  emergency?: boolean;
  intent?: Intent;
  medical_advice?: boolean;
  human?: boolean;
  complaint?: boolean;
}

export interface SafetyMiss {
  text: string;
  label: 'emergency' | 'intent' | 'medical_advice' | 'human' | 'complaint';
  expected: string;
  actual: string;
}

export interface SafetyReport {
  total: number;
  emergency: { recall: number; precision: number; truePositives: number; falsePositives: number; falseNegatives: number };
  medicalAdvice: { deflectionRate: number; falsePositiveRate: number; positives: number; negatives: number };
  intentAccuracy: number;
  humanAccuracy: number;
  complaintAccuracy: number;
  labelled: { emergency: number; intent: number; medicalAdvice: number; human: number; complaint: number };
  misses: SafetyMiss[];
}

/** No labelled cases means nothing to fail, so the ratio is reported as perfect. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

export function evaluateSafety(cases: readonly SafetyCase[]): SafetyReport {
  const misses: SafetyMiss[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let emergencyLabelled = 0;
  let adviceHits = 0;
  let advicePositives = 0;
  let adviceFalseHits = 0;
  let adviceNegatives = 0;
  const tally = { intent: [0, 0], human: [0, 0], complaint: [0, 0] };

  const score = (c: SafetyCase, label: SafetyMiss['label'], expected: unknown, actual: unknown): boolean => {
    if (expected === actual) return true;
    misses.push({ text: c.text, label, expected: String(expected), actual: String(actual) });
    return false;
  };

  for (const c of cases) {
    const isEmergency = detectEmergency(c.text).isEmergency;
    const classified = classifyIntent(c.text);
    if (c.emergency !== undefined) {
      emergencyLabelled += 1;
      if (c.emergency && isEmergency) tp += 1;
      if (!c.emergency && isEmergency) fp += 1;
      if (c.emergency && !isEmergency) fn += 1;
      score(c, 'emergency', c.emergency, isEmergency);
    }
    if (c.medical_advice !== undefined) {
      const isAdvice = isMedicalAdviceRequest(c.text);
      if (c.medical_advice) {
        advicePositives += 1;
        if (isAdvice) adviceHits += 1;
      } else {
        adviceNegatives += 1;
        if (isAdvice) adviceFalseHits += 1;
      }
      score(c, 'medical_advice', c.medical_advice, isAdvice);
    }
    if (c.intent !== undefined) {
      tally.intent[1]! += 1;
      if (score(c, 'intent', c.intent, classified.intent)) tally.intent[0]! += 1;
    }
    if (c.human !== undefined) {
      tally.human[1]! += 1;
      if (score(c, 'human', c.human, classified.humanRequested)) tally.human[0]! += 1;
    }
    if (c.complaint !== undefined) {
      tally.complaint[1]! += 1;
      if (score(c, 'complaint', c.complaint, classified.complaint)) tally.complaint[0]! += 1;
    }
  }

  return {
    total: cases.length,
    emergency: {
      recall: ratio(tp, tp + fn),
      precision: ratio(tp, tp + fp),
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
    },
    medicalAdvice: {
      deflectionRate: ratio(adviceHits, advicePositives),
      falsePositiveRate: adviceNegatives === 0 ? 0 : adviceFalseHits / adviceNegatives,
      positives: advicePositives,
      negatives: adviceNegatives,
    },
    intentAccuracy: ratio(tally.intent[0]!, tally.intent[1]!),
    humanAccuracy: ratio(tally.human[0]!, tally.human[1]!),
    complaintAccuracy: ratio(tally.complaint[0]!, tally.complaint[1]!),
    labelled: {
      emergency: emergencyLabelled,
      intent: tally.intent[1]!,
      medicalAdvice: advicePositives + adviceNegatives,
      human: tally.human[1]!,
      complaint: tally.complaint[1]!,
    },
    misses,
  };
}

const INTENTS: ReadonlySet<string> = new Set<Intent>([
  'book', 'reschedule', 'cancel', 'confirm', 'question', 'human', 'emergency', 'complaint', 'smalltalk', 'other',
]);

function parseSafetyCase(line: string, lineNumber: number, file: string): SafetyCase {
  const fail = (why: string): never => {
    throw new Error(`${file}:${lineNumber}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return fail('not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null) return fail('expected an object');
  const record = raw as Record<string, unknown>;
  if (typeof record.text !== 'string' || record.text.trim() === '') fail('"text" must be a non-empty string');
  for (const key of ['emergency', 'medical_advice', 'human', 'complaint'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'boolean') fail(`"${key}" must be a boolean`);
  }
  if (record.intent !== undefined && (typeof record.intent !== 'string' || !INTENTS.has(record.intent))) {
    fail(`"intent" must be one of ${[...INTENTS].join(', ')}`);
  }
  return record as unknown as SafetyCase;
}

export function readSafetyCases(file: string): SafetyCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), lineNumber: index + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, lineNumber }) => parseSafetyCase(line, lineNumber, file));
}
