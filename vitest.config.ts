import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    // Bounds for a hang, not for speed: a test that waits on local servers (test/support/until.ts)
    // gives up after 2 minutes, and a loaded 2-core machine runs everything several times slower.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Two cores: more workers only queue on DynamoDB Local.
    maxWorkers: 2,
    env: { LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', AWS_REGION: 'us-east-1' },
  },
});
