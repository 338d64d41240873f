// `npm start`'s first step: the configuration a production server needs, checked before the
// server is launched. A problem is printed once, naming the variable, and the start fails
// (exit 1) instead of a server that answers 500 to every page. instrumentation.ts makes the
// same check at server start, for servers launched another way.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production"; // as `next start` runs

// The same .env files `next start` reads (.env.production.local, .env.local, .env.production, .env).
void import("@next/env")
  .then(({ loadEnvConfig }) => loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }))
  .then(() => import("@/lib/fail-fast"))
  .then(({ exitOnInvalidConfig }) => exitOnInvalidConfig());
