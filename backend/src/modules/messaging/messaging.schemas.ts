import { z } from 'zod';

/** A phone number as typed; the service normalises it to E.164 in the clinic's country. */
const phoneInput = z.string().trim().min(5).max(32);

export const MessageListQuery = z
  .object({
    phone: phoneInput.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const StaffMessageInput = z
  .object({
    to: phoneInput,
    // Ten segments at most: staff write longer notes than the agent, but a text is not a letter.
    body: z.string().trim().min(1).max(1_530),
  })
  .strict();
