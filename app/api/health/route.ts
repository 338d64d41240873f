import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { metaOperations as ops } from "@/lib/validation/meta";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Never touches a dependency. */
export const GET = endpoint(ops.health, () =>
  Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export { preflight as OPTIONS } from "@/lib/http/cors";
