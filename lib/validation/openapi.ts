import { z } from "zod";
import { cartOperations } from "@/lib/validation/cart";
import { categoryOperations } from "@/lib/validation/category";
import { metaOperations } from "@/lib/validation/meta";
import { migrationOperations } from "@/lib/validation/migration";
import { rolloutOperations } from "@/lib/validation/rollout";
import type { OperationSpec } from "@/lib/validation/operation";
import { orderOperations } from "@/lib/validation/order";
import { productOperations } from "@/lib/validation/product";
import { userOperations } from "@/lib/validation/user";

// Every API operation, each declared once beside its resource's schemas (lib/validation/<resource>.ts,
// see lib/validation/operation.ts). /api/openapi.json is generated from this list; the handler
// wrapper enforces each one; tests check every route file exports exactly these.

export const operations: OperationSpec[] = [
  ...Object.values(productOperations),
  ...Object.values(categoryOperations),
  ...Object.values(userOperations),
  ...Object.values(cartOperations),
  ...Object.values(orderOperations),
  ...Object.values(migrationOperations),
  ...Object.values(rolloutOperations),
  ...Object.values(metaOperations),
];

/** What each kind of auth means for a caller, as the reference shows it. */
const AUTH_TEXT: Record<OperationSpec["auth"], string | null> = {
  public: null,
  optional: null,
  user: "Requires a signed-in user.",
  writer: "Requires a signed-in user (guest accounts only read).",
  "owner-or-admin": "Requires a signed-in user: the owner, or an admin.",
  "owner-or-admin-writer": "Requires a signed-in user (not a guest account): the owner, or an admin.",
  admin: "Requires the admin role.",
  "internal-or-admin": "Requires the admin role (or this app's own router).",
  cart: "Your cart: a signed-in user's, or a guest's by its cookie. Cookie writes must come from this site.",
  "cart-writer": "Requires a signed-in user (not a guest account); uses their cart.",
};

// ---- document ------------------------------------------------------------------------

type JsonSchema = Record<string, unknown>;

/**
 * The named schemas (`.meta({ id })`) these operations use, as this module's own instances.
 * zod keeps one global registry per process, and each server bundle that loads these files
 * (the router, instrumentation, the route handlers) registers its own copy under the same id;
 * generating from the global registry would meet two schemas per id. Walking from our own
 * operations finds exactly ours.
 */
const registry = (() => {
  const own = z.registry<z.GlobalMeta>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof z.ZodType) {
      const meta = z.globalRegistry.get(value);
      if (meta) own.add(value, meta);
      visit((value as unknown as { _zod: { def: unknown } })._zod.def);
      return;
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value)) visit(inner);
  };
  for (const op of operations) {
    visit([op.body, op.bodyForm, op.query, op.params, Object.values(op.responses).map((r) => r?.schema)]);
  }
  return own;
})();

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    metadata: registry,
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/**
 * Every schema registered with an id (`.meta({ id })`) becomes a component: request bodies
 * described as clients send them (zod input), everything else as the API answers (output).
 */
function componentSchemas(): Record<string, JsonSchema> {
  const generate = (io: "input" | "output") =>
    z.toJSONSchema(registry, {
      io,
      unrepresentable: "any",
      target: "draft-2020-12",
      uri: (id: string) => `#/components/schemas/${id}`,
    }).schemas;
  const input = generate("input");
  const output = generate("output");
  const bodyIds = new Set(
    operations.flatMap((op) => [op.body, op.bodyForm]).flatMap((b) => (b ? [registry.get(b)?.id] : [])),
  );
  return Object.fromEntries(
    Object.keys(output).map((id) => {
      const { $schema, $id, id: _id, ...rest } = ((bodyIds.has(id) ? input : output)[id] ?? {}) as JsonSchema;
      void $schema;
      void $id;
      void _id;
      return [id, rest];
    }),
  );
}

function ref(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const id = registry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : jsonSchema(schema, io);
}

function paramSchema(schema: z.ZodType): JsonSchema {
  // Query strings are strings on the wire; coerced numbers describe themselves on output,
  // enums-with-transforms (booleans) on input.
  const output = jsonSchema(schema, "output");
  return output.type || output.anyOf || output.enum ? output : jsonSchema(schema, "input");
}

function queryShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = (
    schema as unknown as { def?: { shape?: Record<string, z.ZodType>; in?: z.ZodType; schema?: z.ZodType } }
  ).def;
  if (def?.shape) return def.shape;
  if (def?.in) return queryShape(def.in);
  if (def?.schema) return queryShape(def.schema);
  return {};
}

export function openApiDocument(serverUrl?: string) {
  const components = componentSchemas();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries(op.params ?? {})) {
      parameters.push({ name, in: "path", required: true, schema: paramSchema(schema) });
    }
    for (const [name, schema] of Object.entries(op.query ? queryShape(op.query) : {})) {
      const s = paramSchema(schema);
      parameters.push({
        name,
        in: "query",
        required: false,
        schema: s,
        ...(s.description ? { description: s.description } : {}),
      });
    }
    for (const [name, h] of Object.entries(op.headers ?? {})) {
      parameters.push({
        name,
        in: "header",
        required: h.required ?? false,
        description: h.description,
        schema: { type: "string" },
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      const content = spec.schema
        ? {
            [Number(status) >= 400 ? "application/problem+json" : "application/json"]: {
              schema: spec.array
                ? { type: "array", items: ref(spec.schema, "output") }
                : ref(spec.schema, "output"),
            },
          }
        : undefined;
      responses[status] = {
        description: spec.description,
        ...(content ? { content } : {}),
        ...(spec.headers
          ? { headers: Object.fromEntries(spec.headers.map((h) => [h, { schema: { type: "string" } }])) }
          : {}),
      };
    }
    const requestBody =
      op.body || op.bodyForm
        ? {
            required: true,
            content: {
              ...(op.body ? { "application/json": { schema: ref(op.body, "input") } } : {}),
              ...(op.bodyForm
                ? { "application/x-www-form-urlencoded": { schema: ref(op.bodyForm, "input") } }
                : {}),
            },
          }
        : undefined;
    const security =
      op.auth === "public"
        ? []
        : op.auth === "optional" || op.auth === "cart"
          ? [{}, { bearerAuth: [] }, { sessionCookie: [] }]
          : [{ bearerAuth: [] }, { sessionCookie: [] }];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.deprecated ? { deprecated: true } : {}),
      ...(AUTH_TEXT[op.auth] ? { description: AUTH_TEXT[op.auth] } : {}),
      security,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Cutover shop API",
      version: "1.0.0",
      description:
        "The decoupled REST backend of the Cutover shop. Compatible with clients of the FastAPI service it replaces " +
        "(`GET /api/products?skip=0&limit=10`, `POST /api/login`, bearer tokens). Errors are RFC 9457 problem+json.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "From POST /api/login or /api/auth/token",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "Browser session",
        },
      },
    },
  };
}
