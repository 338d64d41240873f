import { z } from "zod";
import {
  cartItemCreateSchema,
  cartItemUpdateSchema,
  cartSchema,
  legacyCartAddSchema,
} from "@/lib/validation/cart";
import { categoryRefParam, categorySchema } from "@/lib/validation/category";
import {
  historyQuerySchema,
  parityRunCreateSchema,
  routeSchema,
  routeStateChangeSchema,
} from "@/lib/validation/migration";
import {
  orderCreateSchema,
  orderQuerySchema,
  orderSchema,
  orderStatusPatchSchema,
} from "@/lib/validation/order";
import { idParam, problemSchema } from "@/lib/validation/common";
import {
  accessTokenSchema,
  loginSchema,
  tokenFormSchema,
  userAdminPatchSchema,
  userCreateSchema,
  userQuerySchema,
  userSchema,
  userUpdateMeSchema,
} from "@/lib/validation/user";
import {
  productCreateSchema,
  productPatchSchema,
  productQuerySchema,
  productReplaceSchema,
  productSchema,
  reduceStockSchema,
} from "@/lib/validation/product";

// The API's operations, described once from the zod schemas that validate the requests.
// /api/openapi.json is generated from this table, and tests check it against the route
// files (every route documented) and the running handlers (every documented status reachable).

type Auth = "public" | "user" | "admin" | "optional";

interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  array?: boolean;
  headers?: string[];
}

export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: Auth;
  pathParams?: Record<string, z.ZodType>;
  query?: z.ZodObject | z.ZodType;
  body?: z.ZodType;
  bodyForm?: z.ZodType;
  headers?: Record<string, { description: string; required?: boolean }>;
  responses: Record<number, ResponseSpec>;
  deprecated?: boolean;
  /** Answered by next-auth itself; exercised by the browser (e2e) tests, not the handler tests. */
  servedByNextAuth?: boolean;
}

const problem = (description: string): ResponseSpec => ({ description, schema: problemSchema });
const R = {
  304: { description: "Not modified: the ETag in If-None-Match is current" },
  400: problem("The body is not valid JSON"),
  401: problem("Not signed in, or the bearer token is invalid or expired"),
  403: problem("Signed in, but not allowed"),
  404: problem("No such resource"),
  409: problem("Conflicts with the current state"),
  415: problem("The body is not application/json"),
  422: problem("Invalid fields; `errors[]` names each one"),
  429: problem("Too many attempts; see Retry-After"),
  503: problem("A dependency is unavailable; retry later"),
} satisfies Record<number, ResponseSpec>;

const listHeaders = ["X-Total-Count", "Link", "ETag", "X-Next-Cursor"];
const productId = { id: idParam };
const writeErrors = { 400: R[400], 401: R[401], 403: R[403], 415: R[415], 422: R[422] };

export const operations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/products",
    operationId: "listProducts",
    tag: "products",
    auth: "public",
    summary: "List products (skip/limit or cursor paging, filters, search, ordering)",
    query: productQuerySchema,
    responses: {
      200: {
        description: "A page of products; paging in the headers",
        schema: productSchema,
        array: true,
        headers: listHeaders,
      },
      304: R[304],
      422: R[422],
    },
  },
  {
    method: "post",
    path: "/api/products",
    operationId: "createProduct",
    tag: "products",
    auth: "admin",
    summary: "Create a product",
    body: productCreateSchema,
    responses: {
      201: { description: "Created", schema: productSchema, headers: ["Location"] },
      ...writeErrors,
      409: R[409],
    },
  },
  {
    method: "get",
    path: "/api/products/in-stock",
    operationId: "listProductsInStock",
    tag: "products",
    auth: "public",
    summary: "List products that are in stock",
    query: productQuerySchema,
    responses: {
      200: {
        description: "A page of in-stock products",
        schema: productSchema,
        array: true,
        headers: listHeaders,
      },
      304: R[304],
      422: R[422],
    },
  },
  {
    method: "get",
    path: "/api/products/{id}",
    operationId: "getProduct",
    tag: "products",
    auth: "public",
    summary: "Get a product",
    pathParams: productId,
    responses: {
      200: { description: "The product", schema: productSchema, headers: ["ETag"] },
      304: R[304],
      404: R[404],
      422: R[422],
    },
  },
  {
    method: "put",
    path: "/api/products/{id}",
    operationId: "replaceProduct",
    tag: "products",
    auth: "admin",
    summary: "Replace a product (every field required)",
    pathParams: productId,
    body: productReplaceSchema,
    responses: {
      200: { description: "Replaced", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "patch",
    path: "/api/products/{id}",
    operationId: "updateProduct",
    tag: "products",
    auth: "admin",
    summary: "Change some fields of a product",
    pathParams: productId,
    body: productPatchSchema,
    responses: {
      200: { description: "Updated", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "delete",
    path: "/api/products/{id}",
    operationId: "deleteProduct",
    tag: "products",
    auth: "admin",
    summary: "Delete a product",
    pathParams: productId,
    responses: { 204: { description: "Deleted" }, 401: R[401], 403: R[403], 404: R[404], 422: R[422] },
  },
  {
    method: "post",
    path: "/api/products/{id}/reduce-stock",
    operationId: "reduceStock",
    tag: "products",
    auth: "admin",
    summary: "Take stock off a product atomically",
    pathParams: productId,
    body: reduceStockSchema,
    responses: {
      200: { description: "The product with its new stock", schema: productSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "get",
    path: "/api/categories",
    operationId: "listCategories",
    tag: "categories",
    auth: "public",
    summary: "List categories with their product counts",
    responses: {
      200: {
        description: "All categories",
        schema: categorySchema,
        array: true,
        headers: ["X-Total-Count", "ETag"],
      },
      304: R[304],
    },
  },
  {
    method: "get",
    path: "/api/categories/{id}",
    operationId: "getCategory",
    tag: "categories",
    auth: "public",
    summary: "Get a category by id or slug",
    pathParams: { id: categoryRefParam },
    responses: {
      200: { description: "The category", schema: categorySchema },
      304: R[304],
      404: R[404],
      422: R[422],
    },
  },
  {
    method: "post",
    path: "/api/login",
    operationId: "login",
    tag: "auth",
    auth: "public",
    summary: "Exchange email (as username) and password for a bearer token (seed-compatible)",
    body: loginSchema,
    bodyForm: loginSchema,
    responses: {
      200: { description: "A bearer token", schema: accessTokenSchema },
      400: R[400],
      401: R[401],
      415: R[415],
      422: R[422],
      429: R[429],
    },
  },
  {
    method: "post",
    path: "/api/auth/token",
    operationId: "token",
    tag: "auth",
    auth: "public",
    summary: "OAuth2 password grant: form body (or JSON) → bearer token",
    body: tokenFormSchema,
    bodyForm: tokenFormSchema,
    responses: {
      200: { description: "A bearer token", schema: accessTokenSchema },
      400: R[400],
      401: R[401],
      415: R[415],
      422: R[422],
      429: R[429],
    },
  },
  {
    method: "get",
    path: "/api/auth/csrf",
    operationId: "sessionCsrf",
    tag: "auth",
    auth: "public",
    servedByNextAuth: true,
    summary: "Browser sign-in step 1: a CSRF token (next-auth)",
    responses: { 200: { description: "{ csrfToken }" } },
  },
  {
    method: "post",
    path: "/api/auth/callback/credentials",
    operationId: "sessionSignIn",
    tag: "auth",
    auth: "public",
    servedByNextAuth: true,
    summary:
      "Browser sign-in step 2: form post of csrfToken, email, password; sets the session cookie (next-auth)",
    responses: {
      302: { description: "Signed in (or back to /signin?error=…); Set-Cookie carries the session" },
    },
  },
  {
    method: "get",
    path: "/api/auth/session",
    operationId: "session",
    tag: "auth",
    auth: "optional",
    servedByNextAuth: true,
    summary: "The browser session, or {} (next-auth)",
    responses: { 200: { description: "Session" } },
  },
  {
    method: "post",
    path: "/api/auth/signout",
    operationId: "sessionSignOut",
    tag: "auth",
    auth: "optional",
    servedByNextAuth: true,
    summary: "Sign out: form post of csrfToken; clears the session cookie (next-auth)",
    responses: { 302: { description: "Signed out" } },
  },
  {
    method: "post",
    path: "/api/users",
    operationId: "signUp",
    tag: "users",
    auth: "public",
    summary: "Create an account (role user)",
    body: userCreateSchema,
    responses: {
      201: { description: "Created", schema: userSchema, headers: ["Location"] },
      400: R[400],
      409: R[409],
      415: R[415],
      422: R[422],
    },
  },
  {
    method: "get",
    path: "/api/users",
    operationId: "listUsers",
    tag: "users",
    auth: "admin",
    summary: "List accounts",
    query: userQuerySchema,
    responses: {
      200: {
        description: "A page of users",
        schema: userSchema,
        array: true,
        headers: ["X-Total-Count", "Link"],
      },
      401: R[401],
      403: R[403],
      422: R[422],
    },
  },
  {
    method: "get",
    path: "/api/users/me",
    operationId: "getMe",
    tag: "users",
    auth: "user",
    summary: "Your profile",
    responses: { 200: { description: "You", schema: userSchema }, 401: R[401] },
  },
  {
    method: "patch",
    path: "/api/users/me",
    operationId: "updateMe",
    tag: "users",
    auth: "user",
    summary: "Change your name or password (password needs current_password)",
    body: userUpdateMeSchema,
    responses: {
      200: { description: "Updated", schema: userSchema },
      ...writeErrors,
    },
  },
  {
    method: "patch",
    path: "/api/users/{id}",
    operationId: "adminUpdateUser",
    tag: "users",
    auth: "admin",
    summary: "Change a user's role or name",
    pathParams: { id: idParam },
    body: userAdminPatchSchema,
    responses: {
      200: { description: "Updated", schema: userSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "get",
    path: "/api/user/profile",
    operationId: "legacyProfile",
    tag: "users",
    auth: "user",
    deprecated: true,
    summary: "Your profile at the seed service's path; successor: /api/users/me",
    responses: {
      200: { description: "You", schema: userSchema, headers: ["Deprecation", "Link"] },
      401: R[401],
    },
  },
  {
    method: "get",
    path: "/api/cart",
    operationId: "getCart",
    tag: "cart",
    auth: "optional",
    summary: "Your cart (a guest's by cookie, a user's by session or token)",
    responses: { 200: { description: "The cart", schema: cartSchema } },
  },
  {
    method: "post",
    path: "/api/cart/items",
    operationId: "addCartItem",
    tag: "cart",
    auth: "optional",
    summary: "Add a product to the cart (quantities add up, at most the stock)",
    body: cartItemCreateSchema,
    responses: {
      201: { description: "The cart", schema: cartSchema, headers: ["Location"] },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      415: R[415],
      422: R[422],
    },
  },
  {
    method: "patch",
    path: "/api/cart/items/{product_id}",
    operationId: "updateCartItem",
    tag: "cart",
    auth: "optional",
    summary: "Set a line's quantity",
    pathParams: { product_id: idParam },
    body: cartItemUpdateSchema,
    responses: {
      200: { description: "The cart", schema: cartSchema },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      415: R[415],
      422: R[422],
    },
  },
  {
    method: "delete",
    path: "/api/cart/items/{product_id}",
    operationId: "removeCartItem",
    tag: "cart",
    auth: "optional",
    summary: "Remove a line",
    pathParams: { product_id: idParam },
    responses: {
      200: { description: "The cart", schema: cartSchema },
      403: R[403],
      404: R[404],
      422: R[422],
    },
  },
  {
    method: "post",
    path: "/api/checkout",
    operationId: "checkout",
    tag: "orders",
    auth: "user",
    summary: "Turn your cart into an order",
    headers: { "Idempotency-Key": { description: "Retry-safe key: a repeat returns the first answer" } },
    responses: {
      201: { description: "The order", schema: orderSchema, headers: ["Location"] },
      401: R[401],
      403: R[403],
      409: R[409],
      422: R[422],
    },
  },
  {
    method: "get",
    path: "/api/users/{id}/orders",
    operationId: "listUserOrders",
    tag: "orders",
    auth: "user",
    summary: "A user's orders, newest first (owner or admin)",
    pathParams: { id: idParam },
    query: orderQuerySchema,
    responses: {
      200: {
        description: "A page of orders",
        schema: orderSchema,
        array: true,
        headers: ["X-Total-Count", "Link"],
      },
      401: R[401],
      403: R[403],
      422: R[422],
    },
  },
  {
    method: "post",
    path: "/api/users/{id}/orders",
    operationId: "createUserOrder",
    tag: "orders",
    auth: "user",
    summary: "Place an order (owner, or an admin on their behalf)",
    pathParams: { id: idParam },
    body: orderCreateSchema,
    headers: {
      "Idempotency-Key": {
        description: "Retry-safe key: a repeat returns the first answer; another body → 422",
      },
    },
    responses: {
      201: { description: "The order", schema: orderSchema, headers: ["Location"] },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "get",
    path: "/api/orders/{id}",
    operationId: "getOrder",
    tag: "orders",
    auth: "user",
    summary: "An order (owner or admin; others get 404)",
    pathParams: { id: idParam },
    responses: {
      200: { description: "The order", schema: orderSchema },
      401: R[401],
      404: R[404],
      422: R[422],
    },
  },
  {
    method: "patch",
    path: "/api/orders/{id}",
    operationId: "changeOrderStatus",
    tag: "orders",
    auth: "admin",
    summary: "Move an order along pending → paid → shipped, or cancel it (restores stock)",
    pathParams: { id: idParam },
    body: orderStatusPatchSchema,
    responses: {
      200: { description: "The order", schema: orderSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  },
  {
    method: "post",
    path: "/api/cart/add/",
    operationId: "legacyCartAdd",
    tag: "legacy",
    auth: "optional",
    deprecated: true,
    summary: "Legacy RPC used by the old product page; successor: POST /api/cart/items",
    body: legacyCartAddSchema,
    responses: {
      200: { description: "{ ok, cart_count, cart }", headers: ["Deprecation", "Sunset", "Link"] },
      400: R[400],
      403: R[403],
      404: R[404],
      409: R[409],
      422: R[422],
    },
  },
  {
    method: "get",
    path: "/api/cart/count/",
    operationId: "legacyCartCount",
    tag: "legacy",
    auth: "optional",
    deprecated: true,
    summary: "Legacy RPC for the nav badge; successor: GET /api/cart",
    responses: { 200: { description: "{ count }", headers: ["Deprecation", "Sunset", "Link"] } },
  },
  {
    method: "get",
    path: "/api/migration/state",
    operationId: "migrationState",
    tag: "migration",
    auth: "admin",
    summary: "Effective route states (for proxy.ts with its internal token, or an admin)",
    responses: {
      200: { description: "Route states", schema: routeSchema, array: true },
      401: R[401],
      403: R[403],
    },
  },
  {
    method: "get",
    path: "/api/migration/routes",
    operationId: "migrationStatus",
    tag: "migration",
    auth: "admin",
    summary: "The ledger with state, parity, per-variant traffic and legacy endpoint usage",
    responses: { 200: { description: "Migration status" }, 401: R[401], 403: R[403] },
  },
  {
    method: "patch",
    path: "/api/migration/routes/{id}",
    operationId: "setRouteState",
    tag: "migration",
    auth: "admin",
    summary: "Switch a route (ledger id or URL-encoded pattern) to legacy, canary with a percent, or spa",
    pathParams: { id: z.string() },
    body: routeStateChangeSchema,
    responses: {
      200: { description: "The route's new state", schema: routeSchema },
      ...writeErrors,
      404: R[404],
    },
  },
  {
    method: "post",
    path: "/api/migration/routes/{id}/rollback",
    operationId: "rollbackRoute",
    tag: "migration",
    auth: "admin",
    summary: "Undo a route's last change",
    pathParams: { id: z.string() },
    responses: {
      200: { description: "The route's state after rollback", schema: routeSchema },
      401: R[401],
      403: R[403],
      404: R[404],
    },
  },
  {
    method: "get",
    path: "/api/migration/history",
    operationId: "routeHistory",
    tag: "migration",
    auth: "admin",
    summary: "Every route change: who, when, from → to",
    query: historyQuerySchema,
    responses: { 200: { description: "Changes, newest first" }, 401: R[401], 403: R[403], 422: R[422] },
  },
  {
    method: "get",
    path: "/api/migration/parity",
    operationId: "latestParity",
    tag: "migration",
    auth: "admin",
    summary: "The latest parity result per route",
    responses: { 200: { description: "Per route pattern" }, 401: R[401], 403: R[403] },
  },
  {
    method: "post",
    path: "/api/migration/parity",
    operationId: "saveParity",
    tag: "migration",
    auth: "admin",
    summary: "Store a parity run (the CLI does this)",
    body: parityRunCreateSchema,
    responses: {
      201: { description: "Stored" },
      ...writeErrors,
      404: R[404],
    },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "openapi",
    tag: "meta",
    auth: "public",
    summary: "This document",
    responses: { 200: { description: "OpenAPI 3.1 document" } },
  },
  {
    method: "get",
    path: "/api/health",
    operationId: "health",
    tag: "meta",
    auth: "public",
    summary: "Liveness",
    responses: { 200: { description: "The process is up" } },
  },
  {
    method: "get",
    path: "/api/ready",
    operationId: "ready",
    tag: "meta",
    auth: "public",
    summary: "Readiness: the database answers",
    responses: { 200: { description: "Ready" }, 503: { description: "The database is unavailable" } },
  },
];

// ---- document ------------------------------------------------------------------------

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

/**
 * Every schema registered with an id (`.meta({ id })`) becomes a component: request bodies
 * described as clients send them (zod input), everything else as the API answers (output).
 */
function componentSchemas(): Record<string, JsonSchema> {
  const generate = (io: "input" | "output") =>
    z.toJSONSchema(z.globalRegistry, {
      io,
      unrepresentable: "any",
      target: "draft-2020-12",
      uri: (id: string) => `#/components/schemas/${id}`,
    }).schemas;
  const input = generate("input");
  const output = generate("output");
  const bodyIds = new Set(
    operations
      .flatMap((op) => [op.body, op.bodyForm])
      .flatMap((b) => (b ? [z.globalRegistry.get(b)?.id] : [])),
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
  const id = z.globalRegistry.get(schema)?.id;
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
    for (const [name, schema] of Object.entries(op.pathParams ?? {})) {
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
        : op.auth === "optional"
          ? [{}, { bearerAuth: [] }, { sessionCookie: [] }]
          : [{ bearerAuth: [] }, { sessionCookie: [] }];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.deprecated ? { deprecated: true } : {}),
      ...(op.auth === "admin"
        ? { description: "Requires the admin role." }
        : op.auth === "user"
          ? { description: "Requires a signed-in user." }
          : {}),
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
