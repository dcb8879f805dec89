import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { billingEventJsonSchema } from '#shared/domain/outbound/event-catalog';
import { contractSchemas, jsonSchemaOf } from '#shared/domain/payments/contracts';
import { usageEventJsonSchema } from '#shared/domain/usage/event';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';
import { clientTypes } from '../client-gen/generate';
import { ROOT } from '../local-stack';

/**
 * `npm run docs`: regenerates the OpenAPI document and the message-contract JSON Schemas in docs/,
 * and the typed client's types (client/schema.ts) from the same document.
 */
const written: string[] = [];
const write = (rel: string, value: unknown) => {
  writeFileSync(join(ROOT, rel), `${JSON.stringify(value, null, 2)}\n`);
  written.push(rel);
};
const openapi = buildOpenApi(routes);
write('docs/openapi.json', openapi);
writeFileSync(join(ROOT, 'client/schema.ts'), await clientTypes(openapi));
written.push('client/schema.ts');
for (const [path, schema] of Object.entries(contractSchemas))
  write(path, jsonSchemaOf(schema, path.replace('docs/', '')));
write('docs/usage-event.schema.json', usageEventJsonSchema());
write('docs/billing-event.schema.json', billingEventJsonSchema());
process.stdout.write(`wrote ${written.join(', ')}\n`);
