import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const ENTRY = ["@/app/*", "@/proxy", "@/scripts/*", "@/instrumentation"];
const WEB = ["@/lib/http/*", "@/lib/legacy/*", "@/lib/migration/*"];
const AUTH = ["@/lib/auth/*"];
const DOMAIN = ["@/lib/services/*"];
const INFRA = ["@/lib/db", "@/lib/db/*", "@/lib/cache", "@/lib/cache/*"];

function layer(files, forbidden, name) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: forbidden,
              message: `${name} imports only the layers below it (see ARCHITECTURE.md).`,
            },
          ],
        },
      ],
    },
  };
}

function layerRules() {
  return [
    layer(["lib/http/**", "lib/legacy/**", "lib/migration/**"], ENTRY, "The web layer"),
    layer(["lib/auth/**"], [...ENTRY, ...WEB], "lib/auth"),
    layer(["lib/services/**"], [...ENTRY, ...WEB, ...AUTH], "lib/services (the domain)"),
    layer(["lib/db/**", "lib/cache/**"], [...ENTRY, ...WEB, ...AUTH, ...DOMAIN], "lib/db and lib/cache"),
    layer(
      [
        "lib/env.ts",
        "lib/errors.ts",
        "lib/log.ts",
        "lib/slug.ts",
        "lib/password.ts",
        "lib/client-address.ts",
        "lib/rules/**",
        "lib/validation/**",
        "migration.config.ts",
      ],
      [...ENTRY, ...WEB, ...AUTH, ...DOMAIN, ...INFRA],
      "The base layer",
    ),
    layer(
      ["lib/api-client/**"],
      [...ENTRY, ...WEB, ...AUTH, ...DOMAIN, ...INFRA, "@/lib/env", "@/lib/log"],
      "lib/api-client (runs in the browser)",
    ),
  ];
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  // Layers import only downward (ARCHITECTURE.md): entry (app/, proxy.ts, scripts/) → web
  // (lib/http, lib/legacy, lib/migration) → auth (lib/auth) → domain (lib/services) → infra
  // (lib/db, lib/cache) → base (lib/env, lib/errors, lib/log, lib/rules, lib/validation, …).
  // The browser's lib/api-client imports only base. tests/unit/layers.test.ts proves the rule bites.
  ...layerRules(),
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "next-env.d.ts", "coverage/**"],
  },
  {
    files: ["*.js", "tests/setup/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];

export default config;
