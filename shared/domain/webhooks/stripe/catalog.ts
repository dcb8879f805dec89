import type Stripe from 'stripe';
import { projectOfCatalogObject } from '#shared/domain/catalog/namespace';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';

/** Product and price events: the catalog changed at Stripe, so the project's cached plans are read again. */
export const isCatalogEvent = (event: Stripe.Event) =>
  event.type.startsWith('product.') || event.type.startsWith('price.');

export interface CatalogEventPorts {
  refreshPlans: (projectId: string) => Promise<unknown>;
  /** Brings the change to the project's existing workspaces (absent: their snapshots wait for their next recompute). */
  propagateCatalog?: (projectId: string, reason: string) => Promise<unknown>;
}

/** The project whose catalog a product or price event is about, from its metadata or its product id. */
export function catalogEventProject(event: Stripe.Event): string | undefined {
  const o = event.data.object as {
    object?: string;
    id?: string;
    metadata?: Record<string, string> | null;
    product?: string | { id: string } | null;
  };
  const productId = o.object === 'product' ? o.id : typeof o.product === 'string' ? o.product : o.product?.id;
  return projectOfCatalogObject(o.metadata, productId);
}

export async function onCatalogEvent(ports: CatalogEventPorts, event: Stripe.Event): Promise<HandledEvent> {
  const projectId = catalogEventProject(event);
  if (!projectId) return { status: 'ignored' };
  await ports.refreshPlans(projectId);
  await ports.propagateCatalog?.(projectId, `${event.type} ${event.id}`);
  return { status: 'processed' };
}
