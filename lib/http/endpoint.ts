import { LOG_ROUTE_HEADER, LOG_USER_HEADER } from "@/lib/http/access";
import "server-only";
import type { z } from "zod";
import { assertOwnerOrAdmin, optionalUser, requireRole, requireUser, type Identity } from "@/lib/auth/guards";
import { AppError, badRequest, forbidden, unauthorized } from "@/lib/errors";
import { cartContext, type CartContext } from "@/lib/http/cart-context";
import { readBodyText } from "@/lib/http/body";
import { handle, parseBody, parseWith, type HandlerContext } from "@/lib/http/handler";
import { isInternal } from "@/lib/auth/internal-token";
import { recordLegacyCall } from "@/lib/services/legacy-usage";
import type { Auth, OperationSpec } from "@/lib/validation/operation";

// The one handler wrapper every API route uses: it reads the operation's spec to parse the
// path parameters, authorise the caller, parse the query and the body, in that order (so a bad
// id is a 422 before anything else, a missing sign-in a 401 before the body is read), then
// calls the handler with typed input. The handler cannot skip a check its spec declares, and
// the spec is what the OpenAPI document says: the two cannot disagree.

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type Params<S extends OperationSpec> =
  S["params"] extends Record<string, z.ZodType>
    ? { [K in keyof S["params"]]: z.output<S["params"][K]> }
    : Record<string, never>;
type Caller<A extends Auth> = A extends "public"
  ? null
  : A extends "optional" | "cart" | "internal-or-admin"
    ? Identity | null
    : Identity;

export interface EndpointInput<S extends OperationSpec> {
  request: Request;
  ctx: HandlerContext;
  params: Params<S>;
  query: Out<S["query"]>;
  body: S["body"] extends z.ZodType ? z.output<S["body"]> : Out<S["bodyForm"]>;
  user: Caller<S["auth"]>;
  /** The caller's cart (auth "cart" only). */
  cart: S["auth"] extends "cart" | "cart-writer" ? CartContext : undefined;
}

export type RouteHandler = ((
  request: Request,
  context?: { params: Promise<Record<string, string>> },
) => Promise<Response>) & { operation: OperationSpec };

async function authorise(
  spec: OperationSpec,
  request: Request,
  params: Record<string, unknown>,
): Promise<{ user: Identity | null; cart?: CartContext }> {
  switch (spec.auth) {
    case "public":
      return { user: null };
    case "optional":
      return { user: await optionalUser(request) };
    case "user":
      return { user: await requireUser(request) };
    case "writer":
      return { user: await requireRole(request, "user") };
    case "admin":
      return { user: await requireRole(request, "admin") };
    case "owner-or-admin":
    case "owner-or-admin-writer": {
      const user =
        spec.auth === "owner-or-admin" ? await requireUser(request) : await requireRole(request, "user");
      assertOwnerOrAdmin(user, Number(params.id));
      return { user };
    }
    case "internal-or-admin":
      return { user: isInternal(request) ? null : await requireRole(request, "admin") };
    case "cart":
    case "cart-writer": {
      const cart = await cartContext(request);
      if (spec.auth === "cart-writer" && !cart.user) throw unauthorized();
      // Guest-role accounts only read, on every path; anonymous visitors keep their cookie cart.
      if ((spec.auth === "cart-writer" || spec.method !== "get") && cart.user?.role === "guest") {
        throw forbidden("Guest accounts can only read.");
      }
      return { user: cart.user, cart };
    }
  }
}

const FORM = "application/x-www-form-urlencoded";

async function readBody(spec: OperationSpec, request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (spec.lenientBody) {
    // Old inline scripts sent JSON, sometimes without a Content-Type; old forms sent urlencoded.
    const text = await readBodyText(request);
    if (type.startsWith(FORM)) return parseWith(spec.body!, Object.fromEntries(new URLSearchParams(text)));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest("The body is not valid JSON.");
    }
    return parseWith(spec.body!, json);
  }
  if (spec.bodyForm && type.startsWith(FORM)) {
    return parseWith(spec.bodyForm, Object.fromEntries(new URLSearchParams(await readBodyText(request))));
  }
  if (spec.bodyForm && type && !type.includes("json")) {
    throw new AppError(415, "Unsupported Media Type", "Send application/x-www-form-urlencoded or JSON.");
  }
  return parseBody(request, (spec.body ?? spec.bodyForm)!);
}

/** Who called, per request, for the access log (set once authorised). */
const callers = new WeakMap<Request, number>();

/** When a deprecated operation was deprecated (RFC 9745 Deprecation: @epoch-seconds). */
const DEPRECATED_AT = Math.floor(Date.UTC(2026, 10, 1) / 1000);

export function endpoint<const S extends OperationSpec>(
  spec: S,
  fn: (input: EndpointInput<S>) => Promise<Response> | Response,
): RouteHandler {
  const inner = handle(async (request, ctx) => {
    const params: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(spec.params ?? {})) {
      params[name] = parseWith(schema, ctx.params[name], name);
    }
    const { user, cart } = await authorise(spec, request, params);
    if (user) callers.set(request, user.id);
    let query: unknown;
    if (spec.query) {
      const raw: Record<string, string> = {};
      for (const [key, value] of ctx.url.searchParams) if (!(key in raw)) raw[key] = value;
      query = parseWith(spec.query, raw);
    }
    const body = spec.body || spec.bodyForm ? await readBody(spec, request) : undefined;
    return fn({ request, ctx, params, query, body, user, cart } as unknown as EndpointInput<S>);
  });
  const operation = `${spec.method.toUpperCase()} ${spec.path}`;
  // The access log's route pattern and user (lib/http/access.ts removes these before sending).
  const logged = async (request: Request, context?: { params: Promise<Record<string, string>> }) => {
    const response = await inner(request, context);
    try {
      // Answers that depend on who asks (the user, their cart, orders, users, the migration
      // admin API) are never stored by any cache unless the handler said otherwise.
      if (spec.auth !== "public" && spec.auth !== "optional" && !response.headers.has("cache-control")) {
        response.headers.set("Cache-Control", "private, no-store");
      }
      response.headers.set(LOG_ROUTE_HEADER, operation);
      const caller = callers.get(request);
      if (caller !== undefined) response.headers.set(LOG_USER_HEADER, String(caller));
    } catch {
      // immutable headers: the log falls back to the path
    }
    return response;
  };
  const deprecated = spec.deprecated;
  const route = deprecated
    ? async (request: Request, context?: { params: Promise<Record<string, string>> }) => {
        if (deprecated.counted) recordLegacyCall(operation);
        const response = await logged(request, context);
        response.headers.set("Deprecation", `@${DEPRECATED_AT}`);
        if (deprecated.sunset) response.headers.set("Sunset", deprecated.sunset.toUTCString());
        const successorPath = deprecated.successor.split(" ")[1];
        response.headers.append("Link", `<${successorPath}>; rel="successor-version"`);
        return response;
      }
    : logged;
  return Object.assign(route, { operation: spec as OperationSpec });
}
