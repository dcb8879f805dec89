import type { Item } from './codec';

/** A list's continuation: DynamoDB's LastEvaluatedKey as opaque base64url text (null at the end). */
export const encodeCursor = (key: Item | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

export const decodeCursor = (cursor: string | undefined): Item | undefined =>
  cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Item) : undefined;
