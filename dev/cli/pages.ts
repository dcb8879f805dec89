import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PAGE_ASSETS } from '#shared/pages/assets.generated';
import { ROOT } from '../local-stack';
import { buildPageAssets, PAGES_ASSETS_MODULE } from '../pages-build';

/**
 * `npm run pages`: compiles the billing page's and the console's script and stylesheet into
 * shared/pages/assets.generated.ts. `npm run pages -- --sizes` prints each asset's bytes
 * (raw and gzipped) as served, without writing.
 */
if (process.argv.includes('--sizes')) {
  for (const [name, a] of Object.entries(PAGE_ASSETS)) {
    process.stdout.write(
      `${name.padEnd(12)} ${String(Buffer.byteLength(a.body)).padStart(6)} bytes  ${String(gzipSync(a.body).length).padStart(6)} gzipped\n`,
    );
  }
} else {
  const { module, sizes } = await buildPageAssets(ROOT);
  writeFileSync(join(ROOT, PAGES_ASSETS_MODULE), module);
  process.stdout.write(
    `wrote ${PAGES_ASSETS_MODULE}: ${Object.entries(sizes)
      .map(([k, v]) => `${k} ${v} B`)
      .join(', ')}\n`,
  );
}
