import { usageEventsConsumer } from '../../shared/domain/usage/consumer';
import { usagePortsFromConfig } from '../../shared/domain/usage/wiring';

export const handler = usageEventsConsumer(usagePortsFromConfig());
