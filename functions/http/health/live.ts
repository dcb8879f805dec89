import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { live, liveV1 } from '#shared/http/routes/health';

const answer = async () => ({ status: 'live' as const });

/** `/live` and `/api/v1/live`. */
export const handler = httpRouter(httpHandler(live, answer), httpHandler(liveV1, answer));
