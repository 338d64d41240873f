import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** Shared secret proving a request comes from this app's own proxy (route states, cache fills). */
export function internalToken(): string {
  return createHmac("sha256", env().AUTH_SECRET).update("cutover-proxy-state").digest("hex");
}

/** On a page request: proof that proxy.ts routed it (its x-cutover-* headers are the router's). */
export const ROUTED_HEADER = "x-cutover-routed";

/** Compares in constant time; anything a visitor could send that is not the token is false. */
export function isInternalToken(value: string | null): boolean {
  const given = Buffer.from(value ?? "");
  const expected = Buffer.from(internalToken());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function isInternal(request: Request): boolean {
  return isInternalToken(request.headers.get("x-cutover-internal"));
}
