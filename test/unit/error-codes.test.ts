import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES } from '#shared/error-codes';
import { AppError } from '#shared/errors';
import { ErrorEnvelope } from '#shared/http/error-envelope';
import { toErrorResponse } from '#shared/http/errors';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('ErrorCode', () => {
  it('is the error envelope of the OpenAPI document, each code described', () => {
    // Prepare
    const doc = buildOpenApi(routes) as { components: { schemas: { Error: any } } };
    // Act
    const code = doc.components.schemas.Error.properties.error.properties.code;
    // Assess
    expect(code.enum).toEqual(Object.keys(ERROR_CODES));
    for (const c of ERROR_CODE_LIST) {
      expect(ERROR_CODES[c].length).toBeGreaterThan(10);
      expect(code.description).toContain(`\`${c}\`: ${ERROR_CODES[c]}`);
    }
  });

  it('refuses a code outside the list at compile time, and the envelope does not document one', () => {
    // Prepare
    // @ts-expect-error 'teapot' is not an ErrorCode
    const err = new AppError(418, 'teapot', 'short and stout');
    // Act
    const body = JSON.parse(toErrorResponse(err, 'req-1').body ?? '');
    // Assess
    expect(ErrorEnvelope.safeParse(body).success).toBe(false);
    expect(ErrorEnvelope.safeParse({ ...body, error: { ...body.error, code: 'conflict' } }).success).toBe(true);
  });

  it('lists no code the service never answers', () => {
    // Prepare: every quoted string of the product code outside the list itself
    const text = [...sources(join(ROOT, 'shared')), ...sources(join(ROOT, 'functions'))]
      .filter((p) => !p.endsWith('error-codes.ts'))
      .map((p) => readFileSync(p, 'utf8'))
      .join('\n');
    // Act
    const unused = ERROR_CODE_LIST.filter((c) => !text.includes(`'${c}'`));
    // Assess
    expect(unused).toEqual([]);
  });
});
