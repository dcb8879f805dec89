import type { CounterItem } from '#shared/domain/metering/counters';
import { type MeterStatus, meterStatus } from '#shared/domain/metering/limits';
import { projectMeters, resolveMeter } from '#shared/domain/metering/meters';
import { type BillingPeriod, counterCutOff } from '#shared/domain/metering/windows';
import { subscriptionAccess } from '#shared/domain/subscriptions/snapshot';
import { AppError, NotFoundError } from '#shared/errors';
import type { EntitlementReadPorts, WorkspaceCollection } from './ports';
import { activeGrants, computeEntitlements, type EntitlementSnapshot, type Grant, isGrantActive } from './snapshot';

/**
 * The stored snapshot is exact until time alone changes it: a grant expires, or a past-due
 * grace period runs out. Those, a grant written without its recompute, and a workspace that has
 * no snapshot yet are computed here from the items the read already returned (plus the plan
 * cache, a second request that only this rare case pays).
 */
export function snapshotIsCurrent(
  snapshot: EntitlementSnapshot | undefined,
  grants: Grant[] | undefined,
  subscriptionGranted: boolean | undefined,
  now: Date,
): snapshot is EntitlementSnapshot {
  if (!snapshot) return false;
  if (snapshot.grants.some((g) => !isGrantActive(g, now))) return false;
  if (grants) {
    // A purchase's grant keeps its id while a refund shrinks it: compare what the grant says too.
    const sig = (g: Grant) => `${g.grant_id}:${g.quantity}:${g.expires_at}`;
    const live = activeGrants(grants, now).map(sig).sort();
    const held = snapshot.grants.map(sig).sort();
    if (live.join() !== held.join()) return false;
  }
  if (subscriptionGranted !== undefined && (snapshot.plan_source === 'subscription') !== subscriptionGranted)
    return false;
  return true;
}

export async function effectiveSnapshot(
  ports: Pick<EntitlementReadPorts, 'plans' | 'graceDays'>,
  projectId: string,
  workspaceId: string,
  c: Pick<WorkspaceCollection, 'entitlements' | 'grants' | 'subscription'> & { grantsKnown?: boolean },
  now: Date,
): Promise<EntitlementSnapshot> {
  const granted = c.subscription ? subscriptionAccess(c.subscription, now, ports.graceDays).granted : undefined;
  if (snapshotIsCurrent(c.entitlements, c.grantsKnown === false ? undefined : c.grants, granted, now))
    return c.entitlements;
  return computeEntitlements({
    workspaceId,
    subscription: c.subscription,
    plans: await ports.plans(projectId),
    grants: c.grants,
    now,
    graceDays: ports.graceDays,
  });
}

/**
 * The counters of Stripe's current period when it ended before this calendar month (a test clock
 * left behind, a renewal not synced yet across a month's start): the collection's read stops at
 * the month's start, so they are read on their own, a second request in that case only.
 */
export async function withCurrentPeriod(
  counters: CounterItem[],
  billingPeriod: BillingPeriod,
  cutOff: string,
  read: ((windowEnd: string) => Promise<CounterItem[]>) | undefined,
): Promise<CounterItem[]> {
  if (!billingPeriod || billingPeriod.end >= cutOff || !read) return counters;
  return [...counters, ...(await read(billingPeriod.end))];
}

export interface EntitlementView {
  workspace_id: string;
  plan: string;
  plan_source: 'subscription' | 'default';
  subscription_status: string | null;
  access_reason: string;
  features: string[];
  /** The subscription's period, or null on the default plan (billing_period limits then count per calendar month). */
  billing_period: BillingPeriod;
  meters: Record<string, Omit<MeterStatus, 'meter'>>;
  grants: Grant[];
  computed_at: string;
  as_of: string;
}

interface Loaded {
  snapshot: EntitlementSnapshot;
  counters: CounterItem[];
  now: Date;
}

async function load(ports: EntitlementReadPorts, projectId: string, workspaceId: string): Promise<Loaded> {
  const now = ports.clock();
  const cutOff = counterCutOff(now);
  const c = await ports.reads.readWorkspace(projectId, workspaceId, { cutOff });
  if (!c.profile) {
    // An implicit workspace is answered on the default plan and nothing is written: it is
    // registered by its first usage event or subscription call.
    if (!(await ports.implicitWorkspaces?.(projectId))) throw new NotFoundError('Workspace', workspaceId);
    return {
      snapshot: computeEntitlements({
        workspaceId,
        plans: await ports.plans(projectId),
        grants: [],
        now,
        graceDays: ports.graceDays,
      }),
      counters: [],
      now,
    };
  }
  const snapshot = await effectiveSnapshot(ports, projectId, workspaceId, c, now);
  const more = ports.reads.countersEndingBetween?.bind(ports.reads);
  const counters = await withCurrentPeriod(
    c.counters,
    snapshot.billing_period,
    cutOff,
    more && ((end) => more({ projectId, workspaceId }, end, end)),
  );
  return { snapshot, counters, now };
}

export async function readEntitlements(
  ports: EntitlementReadPorts,
  projectId: string,
  workspaceId: string,
): Promise<EntitlementView> {
  const { snapshot, counters, now } = await load(ports, projectId, workspaceId);
  const meters: EntitlementView['meters'] = {};
  const defs = await ports.catalogMeters(projectId);
  const keys = new Set([...defs.map((m) => m.key), ...Object.keys(snapshot.limits)]);
  for (const meter of keys) {
    const { meter: _m, ...status } = meterStatus(meter, snapshot.limits[meter], counters, now, snapshot);
    meters[meter] = status;
  }
  return {
    workspace_id: workspaceId,
    plan: snapshot.plan,
    plan_source: snapshot.plan_source,
    subscription_status: snapshot.subscription_status,
    access_reason: snapshot.access_reason,
    features: snapshot.features,
    billing_period: snapshot.billing_period,
    meters,
    grants: snapshot.grants,
    computed_at: snapshot.computed_at,
    as_of: now.toISOString(),
  };
}

export interface FeatureAccess {
  feature: string;
  has_access: boolean;
  /**
   * plan: included in the subscribed plan; default_plan: in the default (free) plan; grant: an
   * admin grant; not_in_plan: not available; or why a subscription stopped counting
   * (past_due_expired, paused, inactive) when the feature is missing because of it.
   */
  reason: 'plan' | 'default_plan' | 'grant' | 'not_in_plan' | 'past_due_expired' | 'paused' | 'inactive';
  plan: string;
}

export async function checkFeature(
  ports: EntitlementReadPorts,
  projectId: string,
  workspaceId: string,
  feature: string,
): Promise<FeatureAccess> {
  const { snapshot } = await load(ports, projectId, workspaceId);
  const has = snapshot.features.includes(feature);
  const viaGrant = snapshot.grants.some((g) => g.feature === feature);
  let reason: FeatureAccess['reason'];
  // The snapshot merges plan and grant features; a granted feature is reported as the grant's.
  if (has) reason = viaGrant ? 'grant' : snapshot.plan_source === 'subscription' ? 'plan' : 'default_plan';
  else if (
    snapshot.access_reason === 'past_due_expired' ||
    snapshot.access_reason === 'paused' ||
    snapshot.access_reason === 'inactive'
  )
    reason = snapshot.access_reason;
  else reason = 'not_in_plan';
  return { feature, has_access: has, reason, plan: snapshot.plan };
}

export type ExceededView = Omit<MeterStatus, 'window_start'> & { event_types: string[] };

export async function checkExceeded(
  ports: EntitlementReadPorts,
  projectId: string,
  workspaceId: string,
  meterOrEventType: string,
): Promise<ExceededView> {
  const meters = await projectMeters(ports.catalogMeters, projectId, [meterOrEventType]);
  const meter = resolveMeter(meterOrEventType, meters);
  if (!meter) {
    throw new AppError(404, 'meter_not_found', `Meter '${meterOrEventType}' is not in the catalog`, {
      field: 'path.meter',
      known: meters.map((m) => m.key),
    });
  }
  const { snapshot, counters, now } = await load(ports, projectId, workspaceId);
  const { window_start: _w, ...status } = meterStatus(meter.key, snapshot.limits[meter.key], counters, now, snapshot);
  return { ...status, event_types: meter.event_types };
}
