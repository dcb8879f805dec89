import * as z from 'zod';
import { ERROR_CODE_LIST, ERROR_CODES } from '#shared/error-codes';

/**
 * The error envelope as the OpenAPI document describes it, every code with its meaning. Only the
 * document and tests read it: the functions' bundles carry the codes, not their descriptions.
 */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(ERROR_CODE_LIST).meta({
      description: `Stable: branch on it, not on the message.\n\n${ERROR_CODE_LIST.map((c) => `- \`${c}\`: ${ERROR_CODES[c]}`).join('\n')}`,
    }),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string(),
  }),
});
