import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';

const ROOT = join(import.meta.dirname, '..', '..');

describe('docs/openapi.json', () => {
  it('is the document the service serves (regenerate with `npm run docs` when a route changes)', () => {
    // Act
    const committed = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'));
    // Assess
    expect(committed).toEqual(buildOpenApi(routes));
    expect(Object.keys(committed.paths)).toContain('/api/v1/webhooks/razorpay');
  });
});
