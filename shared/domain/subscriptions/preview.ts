import Big from 'big.js';
import type Stripe from 'stripe';
import type { Plan } from '#shared/domain/catalog/plans';
import { current, type Interval, planPrice } from './lifecycle';
import type { SyncPorts } from './ports';
import { phasesFromNow, scheduleOf } from './transitions';
import { itemUpdatesForPlan, licensedItem, meterForPrice } from './usage-items';

const priceOfLine = (l: Stripe.InvoiceLineItem): string | null => {
  const p = l.pricing?.price_details?.price;
  return typeof p === 'string' ? p : (p?.id ?? null);
};

/** A line's quantity as an exact decimal (Stripe's `quantity_decimal`, or the whole `quantity`). */
export function lineQuantity(l: Stripe.InvoiceLineItem): string | null {
  const d = l.quantity_decimal as unknown;
  if (d !== null && d !== undefined && String(d) !== '') return new Big(String(d)).toFixed();
  return l.quantity === null || l.quantity === undefined ? null : String(l.quantity);
}

/** The usage fields of an invoice line: the plan meter its metered price bills (null for other lines). */
export function usageFields(plans: Plan[], l: Stripe.InvoiceLineItem) {
  return { meter: meterForPrice(plans, priceOfLine(l)), quantity_decimal: lineQuantity(l) };
}

/**
 * What the next invoice would be after a change (or with none): the proration lines for a plan
 * or seat change, the licensed items of the next period, and the usage of the current period so
 * far on each metered item, with the meter it bills.
 */
export async function previewChange(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  input: { plan?: string; interval?: Interval; seats?: number },
) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  const plans = await ports.plans(projectId);
  const sub = await stripe.subscriptions.retrieve(s.subscription_id);
  const item = licensedItem(sub);
  const target =
    input.plan || input.interval
      ? planPrice(plans, input.plan ?? s.plan ?? '', input.interval ?? s.interval ?? 'month', s.currency)
      : null;
  const priceId = target?.price.id ?? item.price.id;
  const schedule = await scheduleOf(stripe, sub);
  const seats = input.seats ?? item.quantity ?? 1;
  // On a schedule, a seat change is previewed as the schedule change it will be: seats in every
  // phase, so the next period shows the scheduled plan with the new seats.
  const inv =
    schedule && priceId === item.price.id
      ? await stripe.invoices.createPreview({
          customer: s.customer_id,
          schedule: schedule.id,
          schedule_details: { phases: phasesFromNow(schedule, seats), proration_behavior: 'create_prorations' },
        })
      : await stripe.invoices.createPreview({
          customer: s.customer_id,
          subscription: sub.id,
          subscription_details: {
            items:
              target && priceId !== item.price.id
                ? itemUpdatesForPlan(
                    sub,
                    target.plan,
                    priceId,
                    input.interval ?? s.interval ?? 'month',
                    s.currency,
                    seats,
                  )
                : [{ id: item.id, price: priceId, quantity: seats }],
            proration_behavior: 'create_prorations',
          },
        });
  return {
    currency: inv.currency,
    subtotal: inv.subtotal,
    total: inv.total,
    amount_due: inv.amount_due,
    lines: inv.lines.data.map((l) => {
      const usage = usageFields(plans, l);
      return {
        description: l.description,
        amount: l.amount,
        meter: usage.meter,
        quantity: usage.quantity_decimal,
        proration: Boolean(l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration),
        period_start: new Date(l.period.start * 1000).toISOString(),
        period_end: new Date(l.period.end * 1000).toISOString(),
      };
    }),
  };
}
