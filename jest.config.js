const nextJest = require("next/jest");

const createJestConfig = nextJest({ dir: "./" });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/tests/**/*.test.ts", "<rootDir>/tests/**/*.test.tsx"],
  setupFiles: ["<rootDir>/tests/setup/env.ts"],
  setupFilesAfterEnv: ["<rootDir>/tests/setup/after-env.ts"],
  moduleNameMapper: {
    "^@prisma/client/runtime/(.*)\\.mjs$": "@prisma/client/runtime/$1.js",
    "^server-only$": "<rootDir>/tests/setup/empty-module.js",
    "^@/(.*)$": "<rootDir>/$1",
  },
  // One PGlite or PostgreSQL schema per test file; two workers fit these 2-core machines.
  maxWorkers: 2,
  testTimeout: 30_000,
};

module.exports = async () => {
  const resolved = await createJestConfig(config)();
  // PGlite's CJS build uses import("fs") jose and the OpenAPI validator ship only ESM: all need the SWC transform.
  resolved.transformIgnorePatterns = [
    "/node_modules/(?!(@electric-sql/pglite|jose|@seriousme/openapi-schema-validator|pixelmatch)/)",
    "^.+\\.module\\.(css|sass|scss)$",
  ];
  const [swcPattern, swcTransform] =
    Object.entries(resolved.transform).find(([p]) => p.includes("tsx")) ?? [];
  if (swcPattern) resolved.transform["^.+\\.c?js$"] = swcTransform;
  return resolved;
};
