import "server-only";
import type { Identity } from "@/lib/auth/guards";

/** Filled in by the identity work: cookie-authenticated writes must come from our own origin. */
export function assertSameOrigin(request: Request, user: Identity | null): void {
  void request;
  void user;
}
