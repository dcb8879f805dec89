/**
 * The event types an endpoint subscribes to: an exact type (`invoice.paid`), a family
 * (`subscription.*`, every type whose first segment is `subscription`) or `*` (everything,
 * including types added later).
 */
export const EVENT_PATTERN = /^(\*|[a-z][a-z_]*\.\*|[a-z][a-z_]*(\.[a-z][a-z_]*)+)$/;

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** The same patterns, once each, in the order given. */
export function normaliseEventPatterns(patterns: readonly string[]): string[] {
  return [...new Set(patterns)];
}
