import { tableFromConfig } from '../../shared/adapters/dynamodb/client';
import { inboxRepository } from '../../shared/adapters/dynamodb/inbox-repository';
import { paymentEventsHandler } from '../../shared/domain/payments/payment-events';
import { paymentPorts } from '../../shared/domain/payments/wiring';

export const handler = paymentEventsHandler({ ...paymentPorts(), inbox: inboxRepository(tableFromConfig()) });
