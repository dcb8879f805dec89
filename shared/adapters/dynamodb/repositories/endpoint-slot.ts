import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { EndpointGate } from '#shared/domain/outbound/ports';

/**
 * At most `slots` attempts to one endpoint at a time, across every consumer: each attempt holds
 * one slot item (taken by a conditional put, free again when deleted or when its lease has run
 * out, so a crashed worker cannot hold it for long). A slow endpoint fills its own slots and
 * waits; the others are not affected.
 */
export function endpointSlotRepository(
  { doc, tableName }: TableContext,
  opts: { slots: number; random?: () => number },
) {
  const random = opts.random ?? Math.random;
  return {
    async acquire(projectId, endpointId, leaseUntil, now) {
      const first = Math.floor(random() * opts.slots);
      for (let i = 0; i < opts.slots; i++) {
        const slot = (first + i) % opts.slots;
        const token = `${slot}:${randomUUID()}`;
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...keys.endpointSlot(projectId, endpointId, slot),
                entity: 'endpoint_slot',
                v: 1,
                token,
                lease_until: leaseUntil,
                expires_at: Math.floor(Date.parse(leaseUntil) / 1000) + 3600,
              },
              ConditionExpression: 'attribute_not_exists(PK) OR lease_until < :now',
              ExpressionAttributeValues: { ':now': now },
            }),
          );
          return token;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
      }
      return undefined;
    },

    async release(projectId, endpointId, token) {
      const slot = Number(token.split(':')[0]);
      await doc
        .send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.endpointSlot(projectId, endpointId, slot),
            ConditionExpression: '#t = :t',
            ExpressionAttributeNames: { '#t': 'token' },
            ExpressionAttributeValues: { ':t': token },
          }),
        )
        .catch((err) => {
          if (!isConditionFailure(err)) throw err;
        });
    },
  } satisfies EndpointGate;
}
