import { defineConfig } from "prisma/config";

// The Prisma CLI insists on downloading a native schema-engine binary before any command,
// which fails offline. generate/validate/format never execute it, so pointing the variable
// at any existing file lets them run. Migrations go through scripts/db-migrate.ts instead
// (WebAssembly engine + driver adapters), so the binary is never needed.
const command = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (["generate", "validate", "format"].includes(command ?? "") && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
