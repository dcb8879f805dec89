import { secret } from '#shared/adapters/secrets/parameters';
import { config } from '#shared/config';

// Apart from http.ts: only the list routes seal cursors, and the SSM client should load only there.

/**
 * Key material for pagination cursors: CURSOR_SECRET, else the SSM parameter CURSOR_SECRET_PARAM
 * names (deployed stages). The local stack and tests, which set neither, get a fixed
 * development value for their table.
 */
export function cursorKeyMaterial(): Promise<string> {
  const c = config();
  return c.CURSOR_SECRET || c.CURSOR_SECRET_PARAM || c.STAGE !== 'local'
    ? secret(c.CURSOR_SECRET, c.CURSOR_SECRET_PARAM, 'Cursor secret')
    : Promise.resolve(`tollgate-local-cursors:${c.TABLE_NAME}`);
}
