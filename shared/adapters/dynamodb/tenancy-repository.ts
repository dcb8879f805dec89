import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../errors';
import type { ApiKeyRecord, App, Project } from '../../domain/tenancy/types';
import type { Scope } from '../../domain/tenancy/scopes';
import type { TableContext } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

type Item = Record<string, unknown>;

const apiKeyToItem = (k: ApiKeyRecord): Item => ({
  ...keys.apiKey(k.hash),
  ...keys.apiKeyIndex(k.projectId, k.keyId),
  entity: 'api_key',
  key_id: k.keyId,
  prefix: k.prefix,
  project_id: k.projectId,
  app_id: k.appId,
  name: k.name,
  scopes: k.scopes,
  created_at: k.createdAt,
  revoked_at: k.revokedAt,
});

const apiKeyFromItem = (i: Item): ApiKeyRecord => ({
  keyId: i.key_id as string,
  hash: (i.PK as string).slice('KEY#'.length),
  prefix: i.prefix as string,
  projectId: i.project_id as string,
  appId: i.app_id as string,
  name: i.name as string,
  scopes: i.scopes as Scope[],
  createdAt: i.created_at as string,
  revokedAt: i.revoked_at as string | undefined,
});

export function tenancyRepository({ doc, tableName }: TableContext) {
  return {
    /** Idempotent: re-seeding an existing project keeps it. */
    async putProject(p: Project): Promise<void> {
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.project(p.projectId), entity: 'project', project_id: p.projectId, name: p.name, created_at: p.createdAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    async getProject(projectId: string): Promise<Project | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.project(projectId) }));
      if (!r.Item) return undefined;
      return { projectId, name: r.Item.name as string, createdAt: r.Item.created_at as string };
    },

    async putApp(a: App): Promise<void> {
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.app(a.projectId, a.appId), entity: 'app', project_id: a.projectId, app_id: a.appId, name: a.name, created_at: a.createdAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    /** A key hash is unique; writing the same key twice (a fixed demo key) keeps the first. */
    async putApiKey(k: ApiKeyRecord): Promise<'created' | 'exists'> {
      try {
        await doc.send(
          new PutCommand({ TableName: tableName, Item: apiKeyToItem(k), ConditionExpression: 'attribute_not_exists(PK)' }),
        );
        return 'created';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },

    async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.apiKey(hash) }));
      return r.Item ? apiKeyFromItem(r.Item) : undefined;
    },

    async listApiKeys(projectId?: string): Promise<ApiKeyRecord[]> {
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
        out.push(...(r.Items ?? []).map(apiKeyFromItem));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    async revokeApiKey(keyId: string, at: string): Promise<ApiKeyRecord> {
      const match = (await this.listApiKeys()).find((k) => k.keyId === keyId);
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
  };
}

export type TenancyRepository = ReturnType<typeof tenancyRepository>;
