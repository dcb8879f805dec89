import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageEventMessage, usageEventJsonSchema } from '#shared/domain/usage/event';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the published usage-event contract', () => {
  it('docs/usage-event.schema.json is the schema the consumer parses with', () => {
    // Act
    const published = JSON.parse(readFileSync(join(ROOT, 'docs/usage-event.schema.json'), 'utf8'));
    // `npm run docs` regenerates it when the contract changes.
    expect(published).toEqual(usageEventJsonSchema());
  });

  it('accepts every JSON example of docs/usage-events.md', () => {
    // Prepare
    const doc = readFileSync(join(ROOT, 'docs/usage-events.md'), 'utf8');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    const bodies = [...doc.matchAll(/"MessageBody": "((?:[^"\\]|\\.)*)"/g)].map((m) =>
      JSON.parse(JSON.parse(`"${m[1]}"`)),
    );
    // Act
    const results = [...blocks, ...bodies].map((b) => UsageEventMessage.safeParse(b));
    // Assess
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => !r.success).map((r) => r.error?.message)).toEqual([]);
  });
});
