import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { EndpointPatch, EndpointStore, SigningSecret, WebhookEndpoint } from '#shared/domain/outbound/ports';
import { ConflictError } from '#shared/errors';

export const webhookEndpointEntity = defineEntity<WebhookEndpoint>({
  entity: 'webhook_endpoint',
  version: 1,
  keys: (e) => keys.webhookEndpoint(e.projectId, e.endpointId),
  encode: (e) => ({
    project_id: e.projectId,
    endpoint_id: e.endpointId,
    url: e.url,
    events: e.events,
    description: e.description,
    disabled: e.disabled,
    secrets: e.secrets,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  }),
  decode: (item) => {
    const a = attributes('webhook_endpoint', item);
    return {
      projectId: a.str('project_id'),
      endpointId: a.str('endpoint_id'),
      url: a.str('url'),
      events: a.strings('events'),
      description: a.optStr('description') ?? '',
      disabled: item.disabled === true,
      secrets: a.doc<SigningSecret[]>('secrets'),
      createdAt: a.str('created_at'),
      updatedAt: a.str('updated_at'),
    };
  },
});

const COLUMNS: Record<keyof Omit<EndpointPatch, never>, string> = {
  url: 'url',
  events: 'events',
  description: 'description',
  disabled: 'disabled',
  secrets: 'secrets',
};

/** A project's webhook endpoints, in the project's partition. */
export function webhookEndpointRepository({ doc, tableName }: TableContext) {
  return {
    async create(e) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: webhookEndpointEntity.toItem(e),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (err) {
        if (isConditionFailure(err))
          throw new ConflictError('A webhook endpoint with this id exists', 'endpoint_exists');
        throw err;
      }
    },

    async get(projectId, endpointId) {
      const r = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.webhookEndpoint(projectId, endpointId),
          ConsistentRead: true,
        }),
      );
      return r.Item ? webhookEndpointEntity.fromItem(r.Item) : undefined;
    },

    async list(projectId) {
      const out: WebhookEndpoint[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': keys.project(projectId).PK, ':p': keys.webhookEndpointPrefix },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        out.push(...(r.Items ?? []).map(webhookEndpointEntity.fromItem));
        start = r.LastEvaluatedKey;
      } while (start);
      return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.endpointId.localeCompare(b.endpointId));
    },

    async update(projectId, endpointId, patch, updatedAt) {
      const names: Record<string, string> = { '#u': 'updated_at' };
      const values: Record<string, unknown> = { ':u': updatedAt };
      const sets = ['#u = :u'];
      for (const [k, v] of Object.entries(patch) as [keyof EndpointPatch, unknown][]) {
        if (v === undefined) continue;
        names[`#${k}`] = COLUMNS[k];
        values[`:${k}`] = v;
        sets.push(`#${k} = :${k}`);
      }
      try {
        const r = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.webhookEndpoint(projectId, endpointId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return r.Attributes ? webhookEndpointEntity.fromItem(r.Attributes) : undefined;
      } catch (err) {
        if (isConditionFailure(err)) return undefined;
        throw err;
      }
    },

    async delete(projectId, endpointId) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.webhookEndpoint(projectId, endpointId),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },
  } satisfies EndpointStore;
}
