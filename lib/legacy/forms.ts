import "server-only";
import { z } from "zod";
import { forbidden } from "@/lib/errors";
import type { Identity } from "@/lib/auth/guards";
import { parseProductId } from "@/lib/rules/product-id";

// The legacy pages' own form inputs (strings from HTML forms, hence the coercion).

/** The product pages' rule (lib/rules/product-id.ts): "12", not "012" or "1e1". */
const productId = z.preprocess(
  (v) => parseProductId(v) ?? undefined,
  z.number({ error: "must be a product id" }),
);
const quantity = (min: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(999, "must be at most 999");

/** POST /legacy/cart. Updating a line to 0 removes it, as shop carts usually do. */
export const cartFormSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("add"), product_id: productId, quantity: quantity(1).default(1) }),
    z.object({ action: z.literal("update"), product_id: productId, quantity: quantity(0) }),
    z.object({ action: z.literal("remove"), product_id: productId }),
  ],
  { error: "must be add, update or remove" },
);

export type CartForm = z.infer<typeof cartFormSchema>;

/** One line a visitor can read: "quantity: must be at least 1; product_id: must be a product id". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Guest-role accounts only read, as the API's operations declare (lib/validation/operation.ts):
 * the forms that fill the cart or place an order refuse them with a 403 page before touching
 * anything. Anonymous visitors are not guest-role accounts and keep their cookie cart.
 */
export function assertMayWrite(user: Identity | null): void {
  if (user?.role === "guest") throw forbidden("Guest accounts can only read.");
}
