const { randomBytes } = require("node:crypto");

// One id per build, inlined into the server code: the anonymous page cache keys on it, so a
// new build never serves HTML that names an old build's scripts (instances share Redis).
const buildId = randomBytes(8).toString("hex");

/** @type {import('next').NextConfig} */
const nextConfig = {
  generateBuildId: () => buildId,
  env: { CUTOVER_BUILD_ID: buildId },
  reactStrictMode: true,
  // One self-contained server (.next/standalone/server.js, with only the files it needs): what
  // the image runs, and what npm start, the e2e suite and the benchmark start
  // (scripts/standalone.mjs copies in the static assets after the build).
  output: "standalone",
  poweredByHeader: false,
  // Legacy RPC endpoints live at /api/cart/add/ (Django style); old clients that do not
  // follow redirects must reach them as they are.
  skipTrailingSlashRedirect: true,
  // proxy.ts must see the client router's RSC headers (rsc, next-router-prefetch) to answer
  // prefetches of routes that are legacy for a visitor; by default Next strips them first.
  skipProxyUrlNormalize: true,
  // PGlite loads its WASM and data files at run time; bundling breaks it. nunjucks
  // requires templates from disk.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "nunjucks", "pg"],
  // The shop stylesheet's URL carries the build id (lib/rules/assets.ts): a year is safe, but
  // only for this build's own id. During a rolling deploy a new page's request can reach an
  // instance of the old build, whose file must not be kept for a year under the new URL.
  async headers() {
    return process.env.NODE_ENV === "production"
      ? [
          {
            source: "/styles/:file*",
            has: [{ type: "query", key: "v", value: buildId }],
            headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
          },
        ]
      : [];
  },
  outputFileTracingIncludes: {
    "/**": ["./legacy-templates/**", "./prisma/migrations/**"],
    "/docs/**": [
      "./node_modules/swagger-ui-dist/swagger-ui.css",
      "./node_modules/swagger-ui-dist/swagger-ui-bundle.js",
    ],
  },
};

module.exports = nextConfig;
