import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { migrationStatus } from "@/lib/migration/status";
import { migrationOperations as ops } from "@/lib/validation/migration";

export const dynamic = "force-dynamic";

/** The ledger with state, percent, last parity result, traffic and legacy endpoint usage. */
export const GET = endpoint(ops.migrationStatus, async () =>
  Response.json(await migrationStatus(), { headers: { "Cache-Control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
