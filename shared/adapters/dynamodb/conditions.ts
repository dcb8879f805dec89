/** Translates DynamoDB's condition failures so callers can branch on them without SDK types. */
export function isConditionFailure(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'ConditionalCheckFailedException';
}

export function isTransactionCanceled(err: unknown): err is {
  name: string;
  CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[];
} {
  return (err as { name?: string } | undefined)?.name === 'TransactionCanceledException';
}
