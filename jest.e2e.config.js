const nextJest = require("next/jest");

// End-to-end: the real standalone server (run `npm run build` first), real HTTP, real Chromium.
const createJestConfig = nextJest({ dir: "./" });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/tests/e2e/**/*.e2e.ts"],
  globalSetup: "<rootDir>/tests/e2e/setup/global-setup.ts",
  globalTeardown: "<rootDir>/tests/e2e/setup/global-teardown.ts",
  moduleNameMapper: {
    "^@prisma/client/runtime/(.*)\\.mjs$": "@prisma/client/runtime/$1.js",
    "^server-only$": "<rootDir>/tests/setup/empty-module.js",
    "^@/(.*)$": "<rootDir>/$1",
  },
  maxWorkers: 1,
  testTimeout: 120_000,
};

module.exports = async () => {
  const resolved = await createJestConfig(config)();
  resolved.transformIgnorePatterns = [
    "/node_modules/(?!(@electric-sql/pglite|jose|@seriousme/openapi-schema-validator|pixelmatch)/)",
  ];
  return resolved;
};
