import { catalog as builtInCatalog } from './catalog';
import { BUILT_IN_CATALOG_PROJECT, type StripeNames, stripeNames } from './namespace';
import type { CatalogStore } from './ports';
import type { Catalog } from './schema';

/** The catalog a project works with, and whose Stripe objects carry it. */
export interface ProjectCatalog {
  projectId: string;
  document: Catalog;
  /** The stored version (0: the project has pushed none and uses the built-in catalog). */
  version: number;
  /** The project whose Stripe objects these are: the project itself, or the built-in catalog's. */
  owner: string;
  names: StripeNames;
}

/**
 * A project's catalog: the document it pushed, else the built-in catalog (the demo project's, as
 * last pushed or as in code), whose Stripe objects it then shares.
 */
export async function projectCatalog(store: Pick<CatalogStore, 'get'>, projectId: string): Promise<ProjectCatalog> {
  const own = await store.get(projectId);
  if (own)
    return { projectId, document: own.document, version: own.version, owner: projectId, names: stripeNames(projectId) };
  const builtIn = projectId === BUILT_IN_CATALOG_PROJECT ? undefined : await store.get(BUILT_IN_CATALOG_PROJECT);
  return {
    projectId,
    document: builtIn?.document ?? builtInCatalog,
    version: 0,
    owner: BUILT_IN_CATALOG_PROJECT,
    names: stripeNames(BUILT_IN_CATALOG_PROJECT),
  };
}

/**
 * Per container: a project's catalog for `ttlMs`, so the rules it declares cost no read per
 * request; `fresh` reads it again (and keeps that).
 */
export function cachedProjectCatalogs(
  store: Pick<CatalogStore, 'get'>,
  clock: () => Date = () => new Date(),
  ttlMs = 30_000,
) {
  const held = new Map<string, { value: Promise<ProjectCatalog>; at: number }>();
  return (projectId: string, opts: { fresh?: boolean } = {}): Promise<ProjectCatalog> => {
    const now = clock().getTime();
    const h = held.get(projectId);
    if (h && !opts.fresh && now - h.at < ttlMs) return h.value;
    const value = projectCatalog(store, projectId);
    value.catch(() => held.delete(projectId));
    held.set(projectId, { value, at: now });
    return value;
  };
}
