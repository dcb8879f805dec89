/* What a plan, interval or seat change would cost, before it is made. */

import { current, type Interval, planPrice } from './lifecycle';
import type { SyncPorts } from './ports';
import { phasesFromNow, scheduleOf } from './transitions';

export async function previewChange(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  input: { plan?: string; interval?: Interval; seats?: number },
) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  const sub = await stripe.subscriptions.retrieve(s.subscription_id);
  const item = sub.items.data[0];
  const priceId =
    input.plan || input.interval
      ? planPrice(await ports.plans(), input.plan ?? s.plan ?? '', input.interval ?? s.interval ?? 'month', s.currency)
          .price.id
      : item.price.id;
  const schedule = await scheduleOf(stripe, sub);
  // On a schedule, a seat change is previewed as the schedule change it will be: seats in every
  // phase, so the next period shows the scheduled plan with the new seats.
  const inv =
    schedule && priceId === item.price.id
      ? await stripe.invoices.createPreview({
          customer: s.customer_id,
          schedule: schedule.id,
          schedule_details: {
            phases: phasesFromNow(schedule, input.seats ?? item.quantity ?? 1),
            proration_behavior: 'create_prorations',
          },
        })
      : await stripe.invoices.createPreview({
          customer: s.customer_id,
          subscription: sub.id,
          subscription_details: {
            items: [{ id: item.id, price: priceId, quantity: input.seats ?? item.quantity ?? 1 }],
            proration_behavior: 'create_prorations',
          },
        });
  return {
    currency: inv.currency,
    subtotal: inv.subtotal,
    total: inv.total,
    amount_due: inv.amount_due,
    lines: inv.lines.data.map((l) => ({
      description: l.description,
      amount: l.amount,
      proration: Boolean(l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration),
      period_start: new Date(l.period.start * 1000).toISOString(),
      period_end: new Date(l.period.end * 1000).toISOString(),
    })),
  };
}
