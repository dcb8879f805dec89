import type { RazorpayEventPorts } from '#shared/domain/webhooks/ports';
import { processRazorpayEvent } from '#shared/domain/webhooks/razorpay';
import type { PaymentEventMessage } from './contracts';
import { recordManualPaymentOrFlag } from './manual';

/**
 * One message of the payment-events queue: a Razorpay webhook (by its inbox id) or a manual
 * payment from any producer (docs/payment-event.schema.json). A refused manual payment becomes
 * an attention item; a transient failure throws, for the queue to redeliver.
 */
export async function handlePaymentEvent(ports: RazorpayEventPorts, body: PaymentEventMessage): Promise<void> {
  if ('provider' in body) return processRazorpayEvent(ports, body.event_id, { force: body.replay });
  const { kind: _kind, ...payment } = body;
  await recordManualPaymentOrFlag(ports, payment, { origin: 'queue' });
}
