import { describe, expect, it } from 'vitest';
import { toAvItem } from '#shared/adapters/dynamodb/attribute-values';
import { attributes, defineEntity, itemVersion, MalformedItemError } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import { apiKeyItem } from '#shared/adapters/dynamodb/repositories/api-keys';
import { counterFromAv } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { usageRecordFromAv, usageRecordItem } from '#shared/adapters/dynamodb/repositories/usage-records';
import { workspaceItem } from '#shared/adapters/dynamodb/repositories/workspaces';

describe('defineEntity', () => {
  const note = defineEntity<{ id: string; text: string }>({
    entity: 'note',
    version: 2,
    keys: (n) => ({ PK: `NOTE#${n.id}`, SK: 'NOTE' }),
    encode: (n) => ({ text: n.text }),
    decode: (item) => {
      const a = attributes('note', item);
      // Version 1 called the attribute `body`.
      return { id: a.str('PK').slice(5), text: itemVersion(item) === 1 ? a.str('body') : a.str('text') };
    },
  });

  it('writes the keys, the entity and the schema version with the attributes, and reads them back', () => {
    // Act
    const item = note.toItem({ id: 'n1', text: 'hello' });
    // Assess
    expect(item).toEqual({ PK: 'NOTE#n1', SK: 'NOTE', entity: 'note', v: 2, text: 'hello' });
    expect(note.fromItem(item)).toEqual({ id: 'n1', text: 'hello' });
    expect(note.is(item)).toBe(true);
    expect(note.is({ entity: 'other' })).toBe(false);
  });

  it('reads an item written before versions existed as version 1', () => {
    // Assess
    expect(itemVersion({})).toBe(1);
    expect(itemVersion({ v: '3' })).toBe(3);
    expect(note.fromItem({ PK: 'NOTE#old', SK: 'NOTE', entity: 'note', body: 'from before' })).toEqual({
      id: 'old',
      text: 'from before',
    });
  });

  it('names the entity and the attribute when a stored item lacks one, instead of passing undefined on', () => {
    // Act
    const read = () => workspaceItem.fromItem({ project_id: 'p1', workspace_id: 'ws_1', name: 'Acme' });
    // Assess
    expect(read).toThrow(MalformedItemError);
    expect(read).toThrow("workspace item: attribute 'email' is not a string");
  });
});

describe('entity codecs', () => {
  it('round-trip a workspace and an API key, refusing a scope nobody knows', () => {
    // Prepare
    const ws = {
      projectId: 'p1',
      workspaceId: 'ws_1',
      name: 'Acme',
      email: 'a@b.c',
      country: 'IN',
      currency: 'inr',
      createdAt: 't0',
      updatedAt: 't1',
    };
    const key = {
      keyId: 'key_1',
      hash: 'abc',
      prefix: 'tg_live_abcd',
      projectId: 'p1',
      appId: 'app',
      name: 'k',
      scopes: ['usage:write' as const],
      createdAt: 't0',
    };
    // Act
    const wsItem = workspaceItem.toItem(ws);
    const keyItem = apiKeyItem.toItem(key);
    // Assess
    expect(wsItem).toMatchObject({
      ...keys.workspace('p1', 'ws_1'),
      ...keys.workspaceIndex('p1', 'ws_1'),
      entity: 'workspace',
      v: 1,
    });
    expect(workspaceItem.fromItem(wsItem)).toEqual({ ...ws, stripeCustomerId: undefined });
    expect(apiKeyItem.fromItem(keyItem)).toEqual({ ...key, revokedAt: undefined });
    expect(() => apiKeyItem.fromItem({ ...keyItem, scopes: ['root'] })).toThrow(
      "api_key item: attribute 'scopes' is not a list of known scopes",
    );
  });

  it('keep usage quantities exact on the wire and back', () => {
    // Prepare
    const record = {
      projectId: 'p1',
      workspaceId: 'ws_1',
      meter: 'ai_credits',
      idempotencyKey: 'k1',
      value: '0.100000000001',
      timestamp: 't',
      countedAt: '2026-03-01T00:00:00.000Z',
      windowEnd: 'e',
    };
    // Act
    const av = toAvItem(usageRecordItem.toItem(record));
    const counter = counterFromAv({
      ...toAvItem({ entity: 'usage_counter', meter: 'm', window_start: 's', window_end: 'e' }),
      total: { N: '100.0' },
      m_2026_03: { N: '12345678901234.5' },
      'd_2026-03-01': { N: '0.000000000001' },
    });
    // Assess
    expect(av.value).toEqual({ N: '0.100000000001' });
    expect(av.v).toEqual({ N: '1' });
    expect(usageRecordFromAv(av)).toEqual({
      meter: 'ai_credits',
      idempotencyKey: 'k1',
      value: '0.100000000001',
      timestamp: 't',
      countedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(counter).toEqual({
      meter: 'm',
      window: { start: 's', end: 'e' },
      total: '100',
      months: { '2026_03': '12345678901234.5' },
      days: { '2026-03-01': '0.000000000001' },
    });
  });
});
