import * as z from 'zod';
import { SCOPES } from '#shared/domain/tenancy/scopes';
import { ErrorEnvelope } from './error-envelope';
import type { RouteDef } from './route';

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input (the message names the field)',
  401: 'Missing, unknown or revoked API key',
  403: 'The key lacks a required scope',
  404: 'Not found (including workspaces of another project)',
  409: 'Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends)',
  413: 'Body too large',
  415: 'Content-Type is not application/json',
  422: 'Semantically invalid',
  429: 'Limit reached or rate limited',
  502: 'A provider (Stripe, Razorpay) failed',
  503: 'A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key',
};

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });

function parametersOf(route: RouteDef) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const js = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
    }
  }
  return out;
}

/** OpenAPI 3.1 uses JSON Schema 2020-12, which zod 4 emits directly. */
export function buildOpenApi(routes: RouteDef[], serverUrl = '/') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.path.startsWith('/docs')) continue;
    const status = r.status ?? 200;
    const errors = [
      ...(r.params || r.query || r.body ? [400] : []),
      ...(r.auth === 'api-key' ? [401, 403] : []),
      ...(r.params && 'workspace_id' in ((r.params as unknown as z.ZodObject).shape ?? {}) ? [404] : []),
      ...(r.body ? [413, 415] : []),
      ...(r.errors ?? []),
      // Every route that reads the table (API-key routes look up the key there) can meet an outage.
      ...(r.auth === 'api-key' || r.access.table !== 'none' ? [503] : []),
    ];
    paths[r.path] ??= {};
    paths[r.path][r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === 'api-key'
        ? {
            description: `Needs an API key with the scope ${r.scopes.map((s) => `\`${s}\``).join(' and ')} (a key with \`admin\` has every scope).`,
            // OpenAPI 3.1 lets non-OAuth requirements list the roles they need: here, the scopes.
            security: [{ bearer: [...r.scopes] }, { apiKey: [...r.scopes] }],
            'x-scopes': r.scopes,
          }
        : { security: [] }),
      parameters: [
        ...parametersOf(r),
        ...(r.streaming
          ? [
              {
                name: 'Last-Event-ID',
                in: 'header',
                required: false,
                schema: { type: 'string' },
                description: 'Resume after this event id; `0` replays from the start',
              },
            ]
          : []),
      ],
      ...(r.body && !r.rawBody
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } }
        : {}),
      responses: {
        [status]: r.streaming
          ? {
              description:
                'An event stream (text/event-stream): `id`, `event` (the type) and `data` (the event as JSON) per event; comments as heartbeats',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            }
          : {
              description: 'Success',
              ...(r.response
                ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
                : r.produces
                  ? { content: Object.fromEntries(r.produces.map((m) => [m, { schema: { type: 'string' } }])) }
                  : {}),
            },
        ...Object.fromEntries(
          [...new Set(errors)].map((code) => [
            code,
            {
              description: STATUS_TEXT[code] ?? 'Error',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate',
      version: '1.0.0',
      description:
        'Shared billing & entitlements API. Money is integer minor units; usage quantities are exact decimals ' +
        '(send numbers or strings). Mutations accept an Idempotency-Key header.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `Authorization: Bearer <api key>. Keys carry scopes (${SCOPES.join(', ')}); each operation lists those it needs in its security requirement and in x-scopes.`,
        },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The same key as the bearer token, in a header.',
        },
      },
      schemas: { Error: schemaOf(ErrorEnvelope, 'output') },
    },
    paths,
  };
}
