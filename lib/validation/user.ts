import { z } from "zod";
import { defineOperation, R, writeErrors } from "@/lib/validation/operation";
import { pagingQuery, idParam, text, VISIBLE } from "@/lib/validation/common";

export const ROLES = ["admin", "user", "guest"] as const;

const email = z
  .email({ error: "must be an email address" })
  .max(254)
  .transform((e) => e.toLowerCase());
const password = text().min(8, "must be at least 8 characters").max(200, "is too long");
/** Optional (empty), but never a name that shows as nothing. */
const name = text()
  .trim()
  .max(100, "is too long")
  .regex(new RegExp(`^$|${VISIBLE.source}`, "u"), "must contain a visible character");

export const userSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    created_at: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "User" });
export type UserJson = z.infer<typeof userSchema>;

export const userCreateSchema = z
  .object({ email, password, name: name.optional() })
  .strict()
  .meta({ id: "UserCreate" });

export const userUpdateMeSchema = z
  .object({
    name: name.optional(),
    password: password.optional(),
    current_password: text().max(200).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.password !== undefined && !v.current_password) {
      ctx.addIssue({
        code: "custom",
        path: ["current_password"],
        message: "is required to change the password",
      });
    }
    if (v.name === undefined && v.password === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "send name or password" });
    }
  })
  .meta({ id: "UserUpdateMe" });

export const userAdminPatchSchema = z
  .object({
    role: z.enum(ROLES, { error: "must be admin, user or guest" }).optional(),
    name: name.optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.name !== undefined, "send role or name")
  .meta({ id: "UserAdminPatch" });

export const userQuerySchema = z.object({
  ...pagingQuery,
  role: z.enum(ROLES, { error: "must be admin, user or guest" }).optional(),
  search: z.string().trim().max(200).optional(),
});

/** Seed-compatible: `username` is the email; `email` is accepted as well. */
export const loginSchema = z
  .object({
    username: z.string().max(254).optional(),
    email: z.string().max(254).optional(),
    password: z.string({ error: "is required" }).min(1, "is required").max(200),
  })
  .refine((v) => v.username || v.email, { path: ["username"], message: "is required" })
  .transform((v) => ({ email: (v.username ?? v.email ?? "").trim().toLowerCase(), password: v.password }))
  .meta({ id: "Login" });

/** OAuth2 password grant (RFC 6749 §4.3), as FastAPI's OAuth2PasswordRequestForm takes it. */
export const tokenFormSchema = z
  .object({
    grant_type: z.literal("password", { error: 'must be "password"' }).optional(),
    username: z.string({ error: "is required" }).min(1, "is required").max(254),
    password: z.string({ error: "is required" }).min(1, "is required").max(200),
    scope: z.string().optional(),
  })
  .meta({ id: "TokenForm" });

export const accessTokenSchema = z
  .object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number().int() })
  .meta({ id: "AccessToken" });

// ---- operations ----------------------------------------------------------------------

/** Who is signed in: the user, or null for a visitor who is not (never a 401 for that). */
export const whoAmISchema = z
  .object({ user: userSchema.nullable() })
  .meta({ id: "WhoAmI", description: "The signed-in user, or null" });
export type WhoAmI = z.infer<typeof whoAmISchema>;

export const userOperations = {
  whoAmI: defineOperation({
    method: "get",
    path: "/api/session/user",
    operationId: "whoAmI",
    tag: "users",
    auth: "optional",
    summary:
      "Who is signed in: { user } or { user: null } — 200 either way, so a browser asking for a signed-out visitor logs no error (an invalid bearer token is still a 401)",
    responses: { 200: { description: "The signed-in user or null", schema: whoAmISchema }, 401: R[401] },
  }),
  login: defineOperation({
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
  }),
  token: defineOperation({
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
  }),
  sessionCsrf: defineOperation({
    method: "get",
    path: "/api/auth/csrf",
    operationId: "sessionCsrf",
    tag: "auth",
    auth: "public",
    servedByNextAuth: true,
    summary: "Browser sign-in step 1: a CSRF token (next-auth)",
    responses: { 200: { description: "{ csrfToken }" } },
  }),
  sessionSignIn: defineOperation({
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
  }),
  session: defineOperation({
    method: "get",
    path: "/api/auth/session",
    operationId: "session",
    tag: "auth",
    auth: "optional",
    servedByNextAuth: true,
    summary: "The browser session, or {} (next-auth)",
    responses: { 200: { description: "Session" } },
  }),
  sessionSignOut: defineOperation({
    method: "post",
    path: "/api/auth/signout",
    operationId: "sessionSignOut",
    tag: "auth",
    auth: "optional",
    servedByNextAuth: true,
    summary: "Sign out: form post of csrfToken; clears the session cookie (next-auth)",
    responses: { 302: { description: "Signed out" } },
  }),
  signUp: defineOperation({
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
      429: R[429],
    },
  }),
  listUsers: defineOperation({
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
  }),
  getMe: defineOperation({
    method: "get",
    path: "/api/users/me",
    operationId: "getMe",
    tag: "users",
    auth: "user",
    summary: "Your profile",
    responses: { 200: { description: "You", schema: userSchema }, 401: R[401] },
  }),
  updateMe: defineOperation({
    method: "patch",
    path: "/api/users/me",
    operationId: "updateMe",
    tag: "users",
    auth: "writer",
    summary: "Change your name or password (password needs current_password)",
    body: userUpdateMeSchema,
    responses: {
      200: { description: "Updated", schema: userSchema },
      ...writeErrors,
    },
  }),
  signOutEverywhere: defineOperation({
    method: "delete",
    path: "/api/users/me/sessions",
    operationId: "signOutEverywhere",
    tag: "users",
    auth: "user",
    summary:
      "Sign out everywhere: revokes every session and bearer token issued to you so far, and clears this browser's session cookie",
    responses: { 204: { description: "Revoked" }, 401: R[401], 403: R[403] },
  }),
  adminUpdateUser: defineOperation({
    method: "patch",
    path: "/api/users/{id}",
    operationId: "adminUpdateUser",
    tag: "users",
    auth: "admin",
    summary: "Change a user's role or name",
    params: { id: idParam },
    body: userAdminPatchSchema,
    responses: {
      200: { description: "Updated", schema: userSchema },
      ...writeErrors,
      404: R[404],
      409: R[409],
    },
  }),
  legacyProfile: defineOperation({
    method: "get",
    path: "/api/user/profile",
    operationId: "legacyProfile",
    tag: "users",
    auth: "user",
    deprecated: { successor: "GET /api/users/me" },
    summary: "Your profile at the seed service's path; successor: /api/users/me",
    responses: {
      200: { description: "You", schema: userSchema, headers: ["Deprecation", "Link"] },
      401: R[401],
    },
  }),
};
