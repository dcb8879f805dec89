/**
 * The origin a client used to reach this API, for links handed back to it: API Gateway passes
 * `host` and `x-forwarded-proto`; the local gateway passes `host` over plain HTTP.
 */
export function publicBaseUrl(headers: Record<string, string | undefined>): string {
  const proto = headers['x-forwarded-proto']?.split(',')[0].trim() === 'https' ? 'https' : 'http';
  const host = headers.host || 'localhost';
  return `${proto}://${host}`;
}
