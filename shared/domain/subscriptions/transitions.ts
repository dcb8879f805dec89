/* Cancelling, revoking a cancellation, pausing and resuming a workspace's subscription. */
import type Stripe from 'stripe';
import { ConflictError } from '#shared/errors';
import { applied, current, idem } from './lifecycle';
import type { SyncPorts } from './ports';

/** The subscription's schedule, when one manages it (a plan change waits for the period end). */
export async function scheduleOf(
  stripe: Stripe,
  sub: Stripe.Subscription,
): Promise<Stripe.SubscriptionSchedule | null> {
  if (!sub.schedule) return null;
  const id = typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id;
  const schedule = await stripe.subscriptionSchedules.retrieve(id);
  return schedule.status === 'active' || schedule.status === 'not_started' ? schedule : null;
}

export type PhaseInput = Stripe.SubscriptionScheduleUpdateParams.Phase;

/** The schedule's phases from the current one on, as update parameters (items by price and quantity). */
export function phasesFromNow(schedule: Stripe.SubscriptionSchedule, seats?: number): PhaseInput[] {
  const current = schedule.current_phase?.start_date ?? 0;
  return schedule.phases
    .filter((ph) => ph.end_date > current)
    .map((ph, i) => ({
      ...(i === 0 ? { start_date: ph.start_date } : {}),
      end_date: ph.end_date,
      // A metered item has no quantity (its usage comes from the meter), so it gets none.
      items: ph.items.map((it) => ({
        price: typeof it.price === 'string' ? it.price : it.price.id,
        ...(it.quantity === undefined ? {} : { quantity: seats ?? it.quantity }),
      })),
    }));
}

/** Phases a cancellation at the period end dropped, kept on the schedule so revoking it restores them. */
const DROPPED_PHASES = 'tollgate_phases_after_cancel';

export async function cancelSubscription(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  atPeriodEnd: boolean,
  requestKey?: string,
) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  if (atPeriodEnd) {
    if (s.cancel_at_period_end)
      throw new ConflictError('The subscription is already set to cancel at period end', 'invalid_transition');
    const live = await stripe.subscriptions.retrieve(s.subscription_id);
    const schedule = await scheduleOf(stripe, live);
    if (schedule) {
      // Stripe refuses cancellation changes on a schedule-managed subscription: the schedule ends
      // with the current phase and cancels; the phases after it are kept aside for a revoke.
      const [now, ...later] = phasesFromNow(schedule);
      await stripe.subscriptionSchedules.update(
        schedule.id,
        { end_behavior: 'cancel', phases: [now], metadata: { [DROPPED_PHASES]: JSON.stringify(later) } },
        idem(projectId, workspaceId, requestKey, `sched-cancel:${schedule.id}`),
      );
      const after = await stripe.subscriptions.retrieve(live.id);
      return applied(ports, after, `api:cancel_later:${after.id}:${Date.now()}`);
    }
    const sub = await stripe.subscriptions.update(
      s.subscription_id,
      { cancel_at_period_end: true },
      idem(projectId, workspaceId, requestKey, 'sub-cancel-later'),
    );
    return applied(ports, sub, `api:cancel_later:${sub.id}:${Date.now()}`);
  }
  // The period's metered usage so far is billed on a final invoice now: canceled without
  // `invoice_now`, Stripe bills it nowhere, and every meter event of the period would be lost.
  const sub = await stripe.subscriptions.cancel(
    s.subscription_id,
    { invoice_now: true },
    idem(projectId, workspaceId, requestKey, 'sub-cancel-now'),
  );
  return applied(ports, sub, `api:cancel_now:${sub.id}`);
}

export async function revokeCancellation(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  requestKey?: string,
) {
  const s = await current(ports, projectId, workspaceId);
  if (!s.cancel_at_period_end)
    throw new ConflictError('No cancellation is pending for this subscription', 'invalid_transition');
  const stripe = await ports.stripe();
  const live = await stripe.subscriptions.retrieve(s.subscription_id);
  const schedule = await scheduleOf(stripe, live);
  if (schedule) {
    const dropped = schedule.metadata?.[DROPPED_PHASES];
    const later = dropped ? (JSON.parse(dropped) as PhaseInput[]) : [];
    await stripe.subscriptionSchedules.update(
      schedule.id,
      { end_behavior: 'release', phases: [...phasesFromNow(schedule), ...later], metadata: { [DROPPED_PHASES]: '' } },
      idem(projectId, workspaceId, requestKey, `sched-revoke:${schedule.id}`),
    );
    const after = await stripe.subscriptions.retrieve(live.id);
    return applied(ports, after, `api:revoke:${after.id}:${Date.now()}`);
  }
  const sub = await stripe.subscriptions.update(
    s.subscription_id,
    { cancel_at_period_end: false },
    idem(projectId, workspaceId, requestKey, 'sub-revoke'),
  );
  return applied(ports, sub, `api:revoke:${sub.id}:${Date.now()}`);
}

export async function pauseSubscription(ports: SyncPorts, projectId: string, workspaceId: string, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  if (s.paused) throw new ConflictError('The subscription is already paused', 'invalid_transition');
  if (s.status === 'canceled')
    throw new ConflictError('A canceled subscription cannot be paused', 'invalid_transition');
  const stripe = await ports.stripe();
  const sub = await stripe.subscriptions.update(
    s.subscription_id,
    { pause_collection: { behavior: 'void' } },
    idem(projectId, workspaceId, requestKey, 'sub-pause'),
  );
  return applied(ports, sub, `api:pause:${sub.id}:${Date.now()}`);
}

export async function resumeSubscription(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  requestKey?: string,
) {
  const s = await current(ports, projectId, workspaceId);
  if (!s.paused) throw new ConflictError('The subscription is not paused', 'invalid_transition');
  const stripe = await ports.stripe();
  const sub =
    s.status === 'paused'
      ? await stripe.subscriptions.resume(s.subscription_id, {}, idem(projectId, workspaceId, requestKey, 'sub-resume'))
      : await stripe.subscriptions.update(
          s.subscription_id,
          { pause_collection: '' },
          idem(projectId, workspaceId, requestKey, 'sub-unpause'),
        );
  return applied(ports, sub, `api:resume:${sub.id}:${Date.now()}`);
}
