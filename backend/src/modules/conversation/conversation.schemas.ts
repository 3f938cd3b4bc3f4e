import { z } from 'zod';

export const PreviewRequest = z
  .object({
    text: z.string().trim().min(1, 'is required').max(2_000),
    channel: z.enum(['sms', 'voice']),
    history: z
      .array(
        z.object({
          // The dashboard says user/assistant like chat APIs; the engine says patient/assistant.
          role: z.enum(['user', 'patient', 'assistant']),
          text: z.string().max(2_000),
        }),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const PreviewResponse = z.object({
  reply: z.string(),
  intent: z.enum(['book', 'reschedule', 'cancel', 'confirm', 'question', 'human', 'emergency', 'complaint', 'smalltalk', 'other']),
  flags: z.object({ emergency: z.boolean(), medicalAdvice: z.boolean(), humanRequested: z.boolean(), complaint: z.boolean() }),
  citations: z.array(z.string()),
  actions: z.array(z.record(z.string(), z.unknown())),
});
export type PreviewResponse = z.infer<typeof PreviewResponse>;
