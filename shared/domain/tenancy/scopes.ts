import * as z from 'zod';

/** What a key may do. `admin` includes every other scope. */
export const SCOPES = ['entitlements:read', 'usage:write', 'subscriptions:manage', 'finance', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export function hasScopes(granted: readonly Scope[], required: readonly Scope[]): boolean {
  if (granted.includes('admin')) return true;
  return required.every((s) => granted.includes(s));
}
