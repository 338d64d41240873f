import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** Shared secret proving a route-state request comes from this app's own proxy. */
export function internalToken(): string {
  return createHmac("sha256", env().AUTH_SECRET).update("cutover-proxy-state").digest("hex");
}

export function isInternal(request: Request): boolean {
  const given = Buffer.from(request.headers.get("x-cutover-internal") ?? "");
  const expected = Buffer.from(internalToken());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
