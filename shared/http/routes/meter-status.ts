import * as z from 'zod';
import { WINDOWS } from '#shared/domain/catalog/schema';

/** A meter's limit and usage in its window, as the entitlement and usage answers show it. */
export const MeterStatusDto = z.object({
  limit: z.string().nullable().meta({ description: 'Exact decimal; null = unlimited.' }),
  window: z.enum(WINDOWS),
  mode: z.enum(['soft', 'hard']),
  used: z.string().meta({ description: 'Exact decimal usage in the current window.' }),
  remaining: z.string().nullable(),
  exceeded: z.boolean().meta({ description: 'True once nothing remains (used >= limit).' }),
  window_start: z.string(),
  resets_at: z.string(),
});
