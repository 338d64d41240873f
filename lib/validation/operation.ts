import type { z } from "zod";
import { problemSchema } from "@/lib/validation/common";

// One declaration per API operation: method, path, inputs, responses, who may call it and
// whether it is deprecated. Written beside its resource's zod schemas (lib/validation/<resource>.ts);
// the handler wrapper (lib/http/endpoint.ts) parses and authorises by it, the OpenAPI document
// (lib/validation/openapi.ts) is generated from it, and the tests and the template scanner read it.

export type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call the operation. The wrapper enforces it before the handler runs; a
 * cookie-authenticated call of any method but GET also passes the CSRF (same-origin) check.
 * - public: anyone, identity unused;
 * - optional: anyone; the caller's identity when there is one;
 * - user: any signed-in account (guest-role accounts included: they read);
 * - writer: a signed-in account of role user or admin (guest-role accounts only read);
 * - owner-or-admin: signed in, and the path's `id` is the caller's own id unless an admin calls;
 * - owner-or-admin-writer: the same, for writes (guest-role accounts refused);
 * - admin: the admin role;
 * - internal-or-admin: this app's own router (internal token) or an admin;
 * - cart: the caller's cart, a signed-in account's or an anonymous visitor's by cookie; any
 *   method but GET is a write, refused (403) to guest-role accounts;
 * - cart-writer: the caller's cart, for a signed-in account of role user or admin (checkout).
 *
 * Guest-role accounts are read-only everywhere: every write kind above (writer,
 * owner-or-admin-writer, admin, cart writes, cart-writer) refuses them with 403, and the legacy
 * forms that write the cart or place orders apply the same rule, and signing in does not merge a
 * cookie cart into theirs. Anonymous visitors are not guest-role accounts: they may fill a
 * cookie cart, but must sign in to check out.
 */
export type Auth =
  | "public"
  | "optional"
  | "user"
  | "writer"
  | "owner-or-admin"
  | "owner-or-admin-writer"
  | "admin"
  | "internal-or-admin"
  | "cart"
  | "cart-writer";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  array?: boolean;
  headers?: string[];
}

export interface OperationSpec {
  method: Method;
  /** OpenAPI style: /api/products/{id}. Legacy RPC endpoints keep their trailing slash. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: Auth;
  /** Path parameters, each validated (a bad one is a 422 naming it). */
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** The same operation also takes an urlencoded form (login forms, OAuth2 password grant). */
  bodyForm?: z.ZodType;
  /** Old clients' bodies: JSON without a Content-Type, or a form (legacy RPC shims). */
  lenientBody?: boolean;
  headers?: Record<string, { description: string; required?: boolean }>;
  responses: Record<number, ResponseSpec>;
  /**
   * A deprecated endpoint: answers carry Deprecation, Link rel="successor-version" (and Sunset
   * when set); `counted` ones record every call for the migration dashboard.
   */
  deprecated?: {
    /** The operation that replaces it, as "METHOD /path" (the scanner and the Link header read it). */
    successor: `${Uppercase<Method>} /api/${string}`;
    sunset?: Date;
    counted?: boolean;
  };
  /** Answered by next-auth itself; exercised by the browser (e2e) tests, not the handler tests. */
  servedByNextAuth?: boolean;
}

/** Declares an operation (identity function: keeps the literal types for the wrapper). */
export function defineOperation<const S extends OperationSpec>(spec: S): S {
  return spec;
}

const problem = (description: string): ResponseSpec => ({ description, schema: problemSchema });

/** The shared error answers, named once. */
export const R = {
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

export const listHeaders = ["X-Total-Count", "Link", "ETag", "X-Next-Cursor"];
/** What every JSON write shares: bad JSON, not signed in, not allowed, not JSON, invalid fields. */
export const writeErrors = { 400: R[400], 401: R[401], 403: R[403], 415: R[415], 422: R[422] };
