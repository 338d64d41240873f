import { preflight } from "@/lib/http/cors";
import { endpoint } from "@/lib/http/endpoint";
import { jsonWithETag } from "@/lib/http/handler";
import { methodsNotAllowed } from "@/lib/http/fallback";
import { metaOperations as ops } from "@/lib/validation/meta";
import { openApiDocument } from "@/lib/validation/openapi";

export const dynamic = "force-dynamic";

export const GET = endpoint(ops.openapi, async ({ request }) => jsonWithETag(request, openApiDocument()));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

export const OPTIONS = preflight;
