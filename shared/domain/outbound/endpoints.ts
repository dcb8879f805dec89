import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { type AddressPolicy, urlProblem } from './address-policy';
import { normaliseEventPatterns } from './event-types';
import type { EndpointPatch, EndpointStore, SigningSecret, WebhookEndpoint } from './ports';

/** Like Stripe's limit per account: enough for every app of a project, few enough to list whole. */
export const MAX_ENDPOINTS_PER_PROJECT = 16;
/** How long a rotated-out secret keeps signing unless the caller asks otherwise (24 h, max 7 days). */
export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 86_400;

export interface EndpointPorts {
  endpoints: EndpointStore;
  clock: () => Date;
  policy: AddressPolicy;
}

export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const newEndpointId = () => `we_${randomBytes(12).toString('hex')}`;

function checkUrl(url: string, policy: AddressPolicy): void {
  const problem = urlProblem(url, policy);
  if (problem)
    throw new ValidationError(`body.url: ${problem}`, [{ field: 'body.url', message: problem }], 'invalid_webhook_url');
}

/** The secrets that sign now: the current one and those still in their grace period. */
export function signingSecrets(e: WebhookEndpoint, now: Date): string[] {
  return e.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
}

export function toEndpointDto(e: WebhookEndpoint, now: Date) {
  const previous = e.secrets.slice(1).filter((s) => s.expiresAt && Date.parse(s.expiresAt) > now.getTime());
  return {
    id: e.endpointId,
    url: e.url,
    events: e.events,
    description: e.description,
    disabled: e.disabled,
    secret_created_at: e.secrets[0]?.createdAt ?? e.createdAt,
    previous_secret_expires_at: previous.length
      ? previous
          .map((s) => s.expiresAt!)
          .sort()
          .at(-1)!
      : null,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export async function requireEndpoint(
  ports: { endpoints: Pick<EndpointStore, 'get'> },
  projectId: string,
  endpointId: string,
): Promise<WebhookEndpoint> {
  const e = await ports.endpoints.get(projectId, endpointId);
  if (!e) throw new NotFoundError('Webhook endpoint', endpointId);
  return e;
}

export async function createEndpoint(
  ports: EndpointPorts,
  projectId: string,
  input: { url: string; events: string[]; description?: string; disabled?: boolean },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  checkUrl(input.url, ports.policy);
  const existing = await ports.endpoints.list(projectId);
  if (existing.length >= MAX_ENDPOINTS_PER_PROJECT) {
    throw new ConflictError(
      `A project has at most ${MAX_ENDPOINTS_PER_PROJECT} webhook endpoints; delete one first`,
      'endpoint_limit_reached',
    );
  }
  const at = ports.clock().toISOString();
  const secret = newSecret();
  const endpoint: WebhookEndpoint = {
    projectId,
    endpointId: newEndpointId(),
    url: input.url,
    events: normaliseEventPatterns(input.events),
    description: input.description ?? '',
    disabled: input.disabled ?? false,
    secrets: [{ secret, createdAt: at }],
    createdAt: at,
    updatedAt: at,
  };
  await ports.endpoints.create(endpoint);
  return { endpoint, secret };
}

export async function updateEndpoint(
  ports: EndpointPorts,
  projectId: string,
  endpointId: string,
  patch: { url?: string; events?: string[]; description?: string; disabled?: boolean },
): Promise<WebhookEndpoint> {
  if (patch.url !== undefined) checkUrl(patch.url, ports.policy);
  const clean: EndpointPatch = { ...patch, ...(patch.events ? { events: normaliseEventPatterns(patch.events) } : {}) };
  const updated = await ports.endpoints.update(projectId, endpointId, clean, ports.clock().toISOString());
  if (!updated) throw new NotFoundError('Webhook endpoint', endpointId);
  return updated;
}

export async function deleteEndpoint(
  ports: Pick<EndpointPorts, 'endpoints'>,
  projectId: string,
  endpointId: string,
): Promise<void> {
  if (!(await ports.endpoints.delete(projectId, endpointId))) throw new NotFoundError('Webhook endpoint', endpointId);
}

/**
 * A new signing secret. The current one keeps signing (a second `v1` in the header) for
 * `graceSeconds`, so receivers can switch without losing a delivery; 0 drops it at once.
 */
export async function rotateSecret(
  ports: EndpointPorts,
  projectId: string,
  endpointId: string,
  graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const current = await requireEndpoint(ports, projectId, endpointId);
  const now = ports.clock();
  const at = now.toISOString();
  const secret = newSecret();
  const expires = new Date(now.getTime() + graceSeconds * 1000).toISOString();
  const kept: SigningSecret[] =
    graceSeconds > 0
      ? current.secrets
          .filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime())
          .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < expires ? s.expiresAt : expires }))
      : [];
  const endpoint = await ports.endpoints.update(
    projectId,
    endpointId,
    { secrets: [{ secret, createdAt: at }, ...kept] },
    at,
  );
  if (!endpoint) throw new NotFoundError('Webhook endpoint', endpointId);
  return { endpoint, secret };
}
