import { z } from 'zod';
import { defineJobCatalog } from '../../platform/jobs/job-catalog';

export const messagingJobs = defineJobCatalog({
  'sms.send': {
    schema: z.object({ clinicId: z.uuid(), messageId: z.uuid() }),
    maxAttempts: 8,
    backoff: { baseDelayMs: 2_000, maxDelayMs: 600_000 },
  },
});

export type SmsSendPayload = z.infer<(typeof messagingJobs)['sms.send']['schema']>;
