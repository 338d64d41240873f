import { handle } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Never touches a dependency. */
export const GET = handle(() =>
  Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
);

export { preflight as OPTIONS } from "@/lib/http/cors";
