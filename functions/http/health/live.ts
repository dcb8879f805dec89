import { httpHandler } from '#shared/http/handler';
import { live } from '#shared/http/routes/health';

export const handler = httpHandler(live, async () => ({ status: 'live' as const }));
