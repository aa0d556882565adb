import { defineConfig } from 'vitest/config';

// Unit and API tests: server, domain, and the web's plain-TS logic (no DOM: e.g. offline verification). Each test file gets its own database (server/test).
// TEST_DATABASE_URL=postgres://… runs the same suite on server PostgreSQL (npm run test:pg).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'domain/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
