/**
 * Item codecs: each entity declares once how it is keyed, which attributes it writes and how it
 * is read back. Every item carries `entity` (what it is) and `v` (its schema version), so a
 * reader can tell items apart and a later schema can still read earlier items. Items written
 * before versions existed carry no `v` and read as version 1.
 */
export type Item = Record<string, unknown>;

export interface EntityDef<T, K extends Item> {
  entity: string;
  version: number;
  keys(t: T): K;
  /** The attributes besides the keys, `entity` and `v`. */
  encode(t: T): Item;
  decode(item: Item): T;
}

export interface EntityCodec<T, K extends Item> {
  entity: string;
  version: number;
  keys(t: T): K;
  toItem(t: T): K & Item;
  fromItem(item: Item): T;
  /** Whether an item is one of this entity's. */
  is(item: Item): boolean;
}

export function defineEntity<T, K extends Item = Item>(def: EntityDef<T, K>): EntityCodec<T, K> {
  return {
    entity: def.entity,
    version: def.version,
    keys: def.keys,
    toItem: (t) => ({ ...def.encode(t), ...def.keys(t), entity: def.entity, v: def.version }),
    fromItem: (item) => def.decode(item),
    is: (item) => item.entity === def.entity,
  };
}

/** The schema version an item was written with (1 for items that predate versions). */
export const itemVersion = (item: Item): number => {
  const v = typeof item.v === 'string' ? Number(item.v) : item.v;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 1;
};

/** Thrown when a stored item lacks an attribute its codec requires: a bug or a foreign write. */
export class MalformedItemError extends Error {
  constructor(entity: string, attribute: string, expected: string) {
    super(`${entity} item: attribute '${attribute}' is not ${expected}`);
    this.name = 'MalformedItemError';
  }
}

/**
 * Typed reads of a stored item's attributes, checked at run time instead of cast: a missing or
 * mistyped attribute fails loudly with the entity and attribute named.
 */
export function attributes(entity: string, item: Item) {
  const fail = (name: string, expected: string): never => {
    throw new MalformedItemError(entity, name, expected);
  };
  const str = (name: string): string => {
    const v = item[name];
    return typeof v === 'string' ? v : fail(name, 'a string');
  };
  const optStr = (name: string): string | undefined => {
    const v = item[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : fail(name, 'a string');
  };
  const num = (name: string): number => {
    const v = item[name];
    return typeof v === 'number' ? v : fail(name, 'a number');
  };
  const optNum = (name: string): number | undefined => {
    const v = item[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' ? v : fail(name, 'a number');
  };
  /** A number as its exact decimal text (items read with numbers kept as text give strings). */
  const decimal = (name: string, fallback?: string): string => {
    const v = item[name];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? v : fail(name, 'a number');
  };
  const strings = (name: string): string[] => {
    const v = item[name];
    return Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : fail(name, 'a list of strings');
  };
  /**
   * A nested document the codec wrote whole (a snapshot, a grant). Its shape is the writer's
   * own type, stored and read by the same codec; only its presence is checked here.
   */
  const doc = <D>(name: string): D => {
    const v = item[name];
    return v !== null && typeof v === 'object' ? (v as D) : fail(name, 'a map');
  };
  /** A document stored as JSON text (the plan cache: kept as one string to stay one small attribute). */
  const json = <D>(name: string): D => JSON.parse(str(name)) as D;
  return { str, optStr, num, optNum, decimal, strings, doc, json };
}
