import { z } from "zod";
import { pagingQuery } from "@/lib/validation/common";

export const ROLES = ["admin", "user", "guest"] as const;

const email = z
  .email({ error: "must be an email address" })
  .max(254)
  .transform((e) => e.toLowerCase());
const password = z
  .string({ error: "must be a string" })
  .min(8, "must be at least 8 characters")
  .max(200, "is too long");
const name = z.string({ error: "must be a string" }).trim().max(100, "is too long");

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
    current_password: z.string().max(200).optional(),
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
