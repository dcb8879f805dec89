import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import Big from 'big.js';
import type { TableContext } from './client';
import type { Item } from './codec';

/**
 * Items with exact decimals (usage counters, dedupe records) go through the low-level client:
 * the document client turns DynamoDB numbers into doubles, which would undo the exact decimals
 * they store. Commands go through the table's shared client (same connection pool and
 * middleware); only the marshalling is ours.
 */
export type Av = AttributeValue;
export type AvItem = Record<string, AttributeValue>;

export const lowLevel = (ctx: TableContext) => ctx.doc as unknown as DynamoDBClient;

/** A number written from its exact decimal text. */
export class ExactNumber {
  constructor(readonly text: string) {}
}
export const exact = (text: string) => new ExactNumber(text);

export function fromAv(v: Av, numbers: 'string' | 'number' = 'number'): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return numbers === 'string' ? v.N : Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.M !== undefined) return fromAvItem(v.M, numbers);
  if (v.L !== undefined) return v.L.map((x) => fromAv(x, numbers));
  if (v.SS !== undefined) return new Set(v.SS);
  if (v.NS !== undefined) return new Set(v.NS.map((n) => (numbers === 'string' ? n : Number(n))));
  if (v.B !== undefined) return v.B;
  return undefined;
}

/** An item as plain values; with `numbers: 'string'` every number keeps its exact text. */
export function fromAvItem(item: AvItem, numbers: 'string' | 'number' = 'number'): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) out[k] = fromAv(v, numbers);
  return out;
}

export function toAv(v: unknown): Av {
  if (v instanceof ExactNumber) return { N: v.text };
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'number') return { N: String(v) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (v === null) return { NULL: true };
  if (Array.isArray(v)) return { L: v.map(toAv) };
  if (typeof v === 'object') return { M: toAvItem(v as Item) };
  throw new Error(`cannot store ${typeof v}`);
}

/** Plain values to attribute values (undefined attributes are left out). */
export function toAvItem(item: Item): AvItem {
  const out: AvItem = {};
  for (const [k, v] of Object.entries(item)) if (v !== undefined) out[k] = toAv(v);
  return out;
}

export const S = (s: string): Av => ({ S: s });
/** Numbers go over the wire as their decimal text, so nothing is lost on the way in either. */
export const N = (n: string | number): Av => ({ N: String(n) });

export const keyAv = (k: { PK: string; SK: string }): AvItem => ({ PK: S(k.PK), SK: S(k.SK) });

/** DynamoDB may answer `100.0` for what was written as `100`; counters are compared as text. */
export const canonicalDecimal = (n: string): string => new Big(n).toFixed();
