import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item, MalformedItemError } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { ApiKeyStore } from '#shared/domain/tenancy/ports';
import { Scope } from '#shared/domain/tenancy/scopes';
import type { ApiKeyRecord } from '#shared/domain/tenancy/types';
import { NotFoundError } from '#shared/errors';

const HASH_PREFIX = 'KEY#';

/** An API key, stored under its SHA-256 (the key itself is never stored) and listed per project through GSI1. */
export const apiKeyItem = defineEntity<ApiKeyRecord>({
  entity: 'api_key',
  version: 1,
  keys: (k) => ({ ...keys.apiKey(k.hash), ...keys.apiKeyIndex(k.projectId, k.keyId) }),
  encode: (k) => ({
    key_id: k.keyId,
    prefix: k.prefix,
    project_id: k.projectId,
    app_id: k.appId,
    name: k.name,
    scopes: k.scopes,
    created_at: k.createdAt,
    revoked_at: k.revokedAt,
    expires_at: k.expiresAt,
  }),
  decode: (item) => {
    const a = attributes('api_key', item);
    const pk = a.str('PK');
    if (!pk.startsWith(HASH_PREFIX)) throw new MalformedItemError('api_key', 'PK', `a ${HASH_PREFIX} key`);
    const scopes = a.strings('scopes').map((s) => {
      const parsed = Scope.safeParse(s);
      if (!parsed.success) throw new MalformedItemError('api_key', 'scopes', 'a list of known scopes');
      return parsed.data;
    });
    return {
      keyId: a.str('key_id'),
      hash: pk.slice(HASH_PREFIX.length),
      prefix: a.str('prefix'),
      projectId: a.str('project_id'),
      appId: a.str('app_id'),
      name: a.str('name'),
      scopes,
      createdAt: a.str('created_at'),
      revokedAt: a.optStr('revoked_at'),
      ...(a.optStr('expires_at') ? { expiresAt: a.optStr('expires_at') } : {}),
    };
  },
});

export function apiKeyRepository({ doc, tableName }: TableContext) {
  const listApiKeys = async (projectId?: string): Promise<ApiKeyRecord[]> => {
    const out: ApiKeyRecord[] = [];
    let start: Item | undefined;
    do {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: projectId ? 'GSI1PK = :pk AND begins_with(GSI1SK, :p)' : 'GSI1PK = :pk',
          ExpressionAttributeValues: projectId ? { ':pk': 'APIKEYS', ':p': `${projectId}#` } : { ':pk': 'APIKEYS' },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(r.Items ?? []).map(apiKeyItem.fromItem));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  };

  return {
    /** A key hash is unique; writing the same key twice (a fixed demo key) keeps the first. */
    async putApiKey(k: ApiKeyRecord): Promise<'created' | 'exists'> {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: apiKeyItem.toItem(k),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return 'created';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },

    async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.apiKey(hash) }));
      return r.Item ? apiKeyItem.fromItem(r.Item) : undefined;
    },

    listApiKeys,

    async revokeApiKey(keyId: string, at: string): Promise<ApiKeyRecord> {
      const match = (await listApiKeys()).find((k) => k.keyId === keyId);
      if (!match) throw new NotFoundError('API key', keyId);
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.apiKey(match.hash),
          UpdateExpression: 'SET revoked_at = if_not_exists(revoked_at, :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return { ...match, revokedAt: match.revokedAt ?? at };
    },
  } satisfies ApiKeyStore;
}
